/** A tool failure that is the caller's to fix (bad id, a directory where a file was asked for, ...). */
export type ToolErrorCode =
  | 'invalid_arguments'
  | 'unknown_tool'
  | 'not_a_file'
  | 'not_a_directory'
  | 'invalid_id'
  | 'too_large'
  | 'actions_unavailable'

export class ToolError extends Error {
  readonly code: ToolErrorCode

  constructor (code: ToolErrorCode, message: string) {
    super(message)
    this.name = 'ToolError'
    this.code = code
  }
}
