// Loads the TypeScript tests and sources for tap (see .taprc): `node --import=./test/loader/register.mjs`.
import { register } from 'node:module'

register('./hooks.mjs', import.meta.url)
