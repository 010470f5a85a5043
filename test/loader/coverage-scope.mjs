// Preloaded into every test process through NODE_OPTIONS (see .taprc), which Node runs before the
// --import of tap's coverage hook (@tapjs/processinfo), so the hook reads the pattern set here.
// tap's own pattern leaves node_modules in: the hook then copies every dependency's source to the
// main thread and splits it into lines, only for the coverage report to drop it again. That costs
// ~0.5 s of CPU in each of the ~150 test processes. Coverage of our own files is unchanged.
process.env._TAPJS_PROCESSINFO_EXCLUDE_ = String(/(^(node|tapmock):|[\\/](\.tap|tap-snapshots|node_modules)[\\/])/)

// Servers and CLIs the tests start get the NODE_OPTIONS tap gives them, not this file: its path is
// relative to the checkout, and a child may run elsewhere.
process.env.NODE_OPTIONS = (process.env.NODE_OPTIONS ?? '').replace(/"?--import=[^\s"]*coverage-scope\.mjs"?/, '').trim()
