/**
 * Deepest nesting of objects and arrays a tool's arguments may have. Every
 * tool takes plain values, so this is generous; it keeps a body that fits the
 * 1 MB limit but nests thousands of levels away from anything recursive
 * (structuredClone, validators, JSON.stringify), which would overflow the stack.
 */
export const MAX_ARGUMENT_DEPTH = 32

/** Whether `value` nests objects or arrays more than `maxDepth` levels (the top level is 1). Iterative: safe on any depth. */
export function nestedDeeperThan (value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number]
    if (typeof current !== 'object' || current === null) continue
    if (depth > maxDepth) return true
    for (const child of Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1])
    }
  }
  return false
}
