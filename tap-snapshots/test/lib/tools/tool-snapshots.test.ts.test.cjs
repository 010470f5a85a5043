/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > compare_refs 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Compare two branches, tags or commits",
  },
  "description": "What \`head\` has that \`base\` lacks: its commits (newest first, paged), the files they change with their net status, and line totals, e.g. what changed between two tags or on a feature branch. No diff text: see get_commit_diff. \`path\` narrows the files; when \`truncated\`, follow \`next\`.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "base": Object {
        "description": "Older branch, tag or SHA, e.g. \\"v1.0.0\\"",
        "maxLength": 255,
        "minLength": 1,
        "type": "string",
      },
      "head": Object {
        "description": "Newer branch, tag or SHA, e.g. \\"v1.1.0\\"",
        "maxLength": 255,
        "minLength": 1,
        "type": "string",
      },
      "limit": Object {
        "default": 30,
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
      "path": Object {
        "description": "Only files under this path",
        "maxLength": 4096,
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "base",
      "head",
    ],
    "type": "object",
  },
  "name": "compare_refs",
  "title": "Compare two branches, tags or commits",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > fetch 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Fetch a document",
  },
  "description": "Reads the document for an id from \`search\`: a repository's summary and README, a file's text, or an issue or pull request with its comments (a pull request also with its branches and changed files), or a wiki page, with its title, URL and metadata. A long document is cut to fit; its last line says how to read the rest.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "id": Object {
        "description": "An id from \`search\`, e.g. \\"acme/platform\\", \\"acme/platform@main:src/index.ts\\", \\"acme/platform#12\\", \\"acme/platform!5\\" or \\"acme/platform/wiki/Home\\"",
        "maxLength": 4601,
        "minLength": 1,
        "type": "string",
      },
    },
    "required": Array [
      "id",
    ],
    "type": "object",
  },
  "name": "fetch",
  "outputSchema": Object {
    "properties": Object {
      "id": Object {
        "type": "string",
      },
      "metadata": Object {
        "properties": Object {
          "comments": Object {
            "type": "integer",
          },
          "encoding": Object {
            "anyOf": Array [
              Object {
                "const": "utf-8",
                "type": "string",
              },
              Object {
                "const": "binary",
                "type": "string",
              },
            ],
          },
          "escaped_characters": Object {
            "type": "integer",
          },
          "kind": Object {
            "anyOf": Array [
              Object {
                "const": "repository",
                "type": "string",
              },
              Object {
                "const": "file",
                "type": "string",
              },
              Object {
                "const": "directory",
                "type": "string",
              },
              Object {
                "const": "symlink",
                "type": "string",
              },
              Object {
                "const": "submodule",
                "type": "string",
              },
              Object {
                "const": "issue",
                "type": "string",
              },
              Object {
                "const": "pull_request",
                "type": "string",
              },
              Object {
                "const": "wiki_page",
                "type": "string",
              },
            ],
          },
          "language": Object {
            "type": "string",
          },
          "note": Object {
            "type": "string",
          },
          "number": Object {
            "type": "integer",
          },
          "owner": Object {
            "type": "string",
          },
          "path": Object {
            "type": "string",
          },
          "private": Object {
            "type": "boolean",
          },
          "readme_path": Object {
            "anyOf": Array [
              Object {
                "type": "string",
              },
              Object {
                "type": "null",
              },
            ],
          },
          "ref": Object {
            "type": "string",
          },
          "repo": Object {
            "type": "string",
          },
          "sha": Object {
            "type": "string",
          },
          "size": Object {
            "type": "integer",
          },
          "state": Object {
            "type": "string",
          },
          "total_lines": Object {
            "anyOf": Array [
              Object {
                "type": "integer",
              },
              Object {
                "type": "null",
              },
            ],
          },
          "truncated": Object {
            "type": "boolean",
          },
          "updated_at": Object {
            "type": "string",
          },
        },
        "required": Array [
          "kind",
          "owner",
          "repo",
          "truncated",
        ],
        "type": "object",
      },
      "text": Object {
        "type": "string",
      },
      "title": Object {
        "type": "string",
      },
      "url": Object {
        "type": "string",
      },
    },
    "required": Array [
      "id",
      "title",
      "text",
      "url",
      "metadata",
    ],
    "type": "object",
  },
  "title": "Fetch a document",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_action_job_log 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Get an Actions job log",
  },
  "description": "Shows the last lines of an Actions job's log (300 by default). When \`truncated\`, call again with \`next\` for earlier lines.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "job_id": Object {
        "description": "Job id, from get_action_run",
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "tail_lines": Object {
        "default": 300,
        "description": "How many lines from the end",
        "maximum": 2000,
        "minimum": 1,
        "type": "integer",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "job_id",
    ],
    "type": "object",
  },
  "name": "get_action_job_log",
  "title": "Get an Actions job log",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_action_run 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Get an Actions run",
  },
  "description": "Shows an Actions run and its jobs (id, name, status, conclusion, times, URL, steps). get_action_job_log reads a job's log.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "run_id": Object {
        "description": "Run id, from list_action_runs",
        "minimum": 1,
        "type": "integer",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "run_id",
    ],
    "type": "object",
  },
  "name": "get_action_run",
  "title": "Get an Actions run",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_commit 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Get a commit",
  },
  "description": "One commit: full message, author and committer with dates, parents, line totals and the files it added, removed or modified, with its URL. Its changes: get_commit_diff.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "sha": Object {
        "description": "Commit SHA (7+ characters), or a branch or tag",
        "maxLength": 255,
        "minLength": 1,
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "sha",
    ],
    "type": "object",
  },
  "name": "get_commit",
  "title": "Get a commit",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_commit_diff 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Get a commit's diff",
  },
  "description": "The changes of one commit as a unified diff against its first parent, with the changed files (status, lines added and deleted). \`path\` shows one file. A long diff comes in pages: when \`truncated\`, call again with \`next\`. Diffs over 16.0 MiB are read only that far.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
      "path": Object {
        "description": "Only this file, as \`files\` names it",
        "maxLength": 4096,
        "minLength": 1,
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "sha": Object {
        "description": "Commit SHA (7+ characters), or a branch or tag",
        "maxLength": 255,
        "minLength": 1,
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "sha",
    ],
    "type": "object",
  },
  "name": "get_commit_diff",
  "title": "Get a commit's diff",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_commit_status 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Get commit status",
  },
  "description": "The CI status of a branch, tag or commit: combined state and each check (context, state, description, URL), failing first.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "ref": Object {
        "description": "Branch, tag or commit SHA",
        "maxLength": 255,
        "minLength": 1,
        "pattern": "^[^\\\\s:~^?*\\\\[\\\\\\\\\\\\u0000-\\\\u001f\\\\u007f]+$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "ref",
    ],
    "type": "object",
  },
  "name": "get_commit_status",
  "title": "Get commit status",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_file_contents 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Read a file",
  },
  "description": "Reads one file at a branch, tag or commit: its UTF-8 text with size, SHA and URL. \`start_line\`/\`end_line\` read part of it; a large file is cut to fit, with \`truncated\` and \`next\` (the \`start_line\` to continue from). Binary files are described, not returned. Find paths with get_file_tree or search.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "end_line": Object {
        "description": "Last line, inclusive (default: the end)",
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "path": Object {
        "description": "File path from the repository root, e.g. \\"src/index.ts\\"",
        "maxLength": 4096,
        "minLength": 1,
        "type": "string",
      },
      "ref": Object {
        "description": "Branch, tag or commit SHA; omit for the default branch",
        "maxLength": 255,
        "minLength": 1,
        "pattern": "^[^\\\\s:~^?*\\\\[\\\\\\\\\\\\u0000-\\\\u001f\\\\u007f]+$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "start_line": Object {
        "description": "First line, from 1",
        "minimum": 1,
        "type": "integer",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "path",
    ],
    "type": "object",
  },
  "name": "get_file_contents",
  "title": "Read a file",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_file_tree 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List files and directories",
  },
  "description": "Lists the files and directories at \`path\` (default: the root) of a branch, tag or commit: path, type, size. \`recursive: true\` lists everything below (up to 5000 entries); when \`truncated\`, follow \`next\`. Find paths here for get_file_contents.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "path": Object {
        "description": "Directory from the repository root, e.g. \\"src/lib\\"; omit for the root",
        "maxLength": 4096,
        "type": "string",
      },
      "recursive": Object {
        "default": false,
        "description": "Every entry below \`path\`, at any depth",
        "type": "boolean",
      },
      "ref": Object {
        "description": "Branch, tag or commit SHA; omit for the default branch",
        "maxLength": 255,
        "minLength": 1,
        "pattern": "^[^\\\\s:~^?*\\\\[\\\\\\\\\\\\u0000-\\\\u001f\\\\u007f]+$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
    ],
    "type": "object",
  },
  "name": "get_file_tree",
  "title": "List files and directories",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_issue 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Get an issue with its comments",
  },
  "description": "Reads one issue or pull request by number: title, state, author, labels, assignees, dates, description and comments, oldest first. A long thread is cut to fit: when \`comments_truncated\`, call again with \`next\`.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "comments_from": Object {
        "default": 1,
        "description": "First comment to return, from 1 (see \`next\`)",
        "maximum": 9007199254740991,
        "minimum": 1,
        "type": "integer",
      },
      "index": Object {
        "description": "Issue or pull request number (12 of #12)",
        "maximum": 9007199254740991,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "index",
    ],
    "type": "object",
  },
  "name": "get_issue",
  "title": "Get an issue with its comments",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_pull_request 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Get a pull request",
  },
  "description": "Reads one pull request by number: title, state, author, labels, base and head branches with their commits, dates, description, line totals and its changed files (up to 100 a call; \`next\` continues). Its diff: get_pull_request_diff; its comments: get_issue.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "files_from": Object {
        "default": 1,
        "description": "Position (from 1) of the first changed file to list; use the value in \`next\` when there are more than fit (at most 100 a call).",
        "maximum": 9007199254740991,
        "minimum": 1,
        "type": "integer",
      },
      "index": Object {
        "description": "Issue or pull request number (12 of #12)",
        "maximum": 9007199254740991,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "index",
    ],
    "type": "object",
  },
  "name": "get_pull_request",
  "title": "Get a pull request",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_pull_request_diff 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Get a pull request's diff",
  },
  "description": "The changes of a pull request as a unified diff, with the changed files and lines added and deleted. \`path\` shows one file. A long diff comes in pages: when \`truncated\`, call again with \`next\`.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "index": Object {
        "description": "Issue or pull request number (12 of #12)",
        "maximum": 9007199254740991,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
      "path": Object {
        "description": "Only this changed file",
        "maxLength": 4096,
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "index",
    ],
    "type": "object",
  },
  "name": "get_pull_request_diff",
  "title": "Get a pull request's diff",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_repository_info 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Get repository info",
  },
  "description": "One repository: description, default branch, visibility, fork/archived/empty/mirror flags, size, language, stars, forks, open issues, dates, topics, web and clone URLs. Learn its default branch here before browsing it.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
    ],
    "type": "object",
  },
  "name": "get_repository_info",
  "title": "Get repository info",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_wiki_page 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Get a wiki page",
  },
  "description": "Reads one wiki page by its title (as list_wiki_pages gives it): the Markdown text, last change and URL.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "title": Object {
        "description": "Page title as list_wiki_pages gives it, e.g. \\"Deploy Guide\\"",
        "maxLength": 255,
        "minLength": 1,
        "pattern": "^[^\\\\u0000-\\\\u001f\\\\u007f]+$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "title",
    ],
    "type": "object",
  },
  "name": "get_wiki_page",
  "title": "Get a wiki page",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > list_action_runs 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List Actions runs",
  },
  "description": "Lists a repository's Actions runs, newest first: id, title, event, branch, commit, status, conclusion, times, URL. Paged: while \`has_more\`, call again with \`next\`. get_action_run shows a run's jobs.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "limit": Object {
        "default": 30,
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
      "ref": Object {
        "description": "Branch or full commit SHA; omit for all",
        "maxLength": 255,
        "minLength": 1,
        "pattern": "^[^\\\\s:~^?*\\\\[\\\\\\\\\\\\u0000-\\\\u001f\\\\u007f]+$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "status": Object {
        "description": "State or conclusion",
        "enum": Array [
          "queued",
          "waiting",
          "in_progress",
          "completed",
          "success",
          "failure",
          "cancelled",
          "skipped",
        ],
      },
    },
    "required": Array [
      "owner",
      "repo",
    ],
    "type": "object",
  },
  "name": "list_action_runs",
  "title": "List Actions runs",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > list_branches 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List branches",
  },
  "description": "Lists the branches of a repository, most recently updated first: name, default and protected flags, and the commit it points at (SHA, title, author, date, URL). Paged: while \`has_more\`, call again with \`next\`. A branch name works as \`ref\`, \`sha\`, \`base\` or \`head\` in the other tools.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "limit": Object {
        "default": 30,
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
    ],
    "type": "object",
  },
  "name": "list_branches",
  "title": "List branches",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > list_commits 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List commits",
  },
  "description": "Lists the commits of a branch, tag or commit (default: the default branch), newest first: SHA, title, author and committer with dates, parents, URL. Narrow with \`path\` and \`since\`/\`until\` (RFC 3339, commit date). Paged: while \`has_more\`, call again with \`next\`. Details: get_commit; changes: get_commit_diff.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "limit": Object {
        "default": 30,
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
      "path": Object {
        "description": "Directory from the repository root, e.g. \\"src/lib\\"; omit for the root",
        "maxLength": 4096,
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "sha": Object {
        "description": "Branch, tag or SHA; omit for the default branch",
        "maxLength": 255,
        "minLength": 1,
        "type": "string",
      },
      "since": Object {
        "description": "From this time, e.g. \\"2024-05-01T00:00:00Z\\"",
        "maxLength": 64,
        "minLength": 1,
        "type": "string",
      },
      "until": Object {
        "description": "Up to this time (RFC 3339)",
        "maxLength": 64,
        "minLength": 1,
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
    ],
    "type": "object",
  },
  "name": "list_commits",
  "title": "List commits",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > list_issues 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List issues",
  },
  "description": "Lists the issues (not pull requests) of a repository, newest first: number, title, state, author, labels, comment count, dates, URL. Filter by \`state\`, \`labels\` and \`query\`. Paged: while \`has_more\`, call again with \`next\`. One issue with its comments: get_issue.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "labels": Object {
        "description": "Comma-separated labels the issues all carry, e.g. \\"bug,security\\"",
        "maxLength": 1000,
        "minLength": 1,
        "type": "string",
      },
      "limit": Object {
        "default": 30,
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
      "query": Object {
        "description": "Words in the title, description or comments",
        "maxLength": 256,
        "minLength": 1,
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "state": Object {
        "default": "open",
        "enum": Array [
          "open",
          "closed",
          "all",
        ],
      },
    },
    "required": Array [
      "owner",
      "repo",
    ],
    "type": "object",
  },
  "name": "list_issues",
  "title": "List issues",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > list_labels 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List labels",
  },
  "description": "Lists the labels of a repository: name, color, description, exclusive (scoped) and archived flags. Paged: while \`has_more\`, call again with \`next\`. Filter list_issues by their names.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "limit": Object {
        "default": 30,
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
    ],
    "type": "object",
  },
  "name": "list_labels",
  "title": "List labels",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > list_milestones 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List milestones",
  },
  "description": "Lists the milestones of a repository, soonest due first: title, state, due date, open and closed issue counts. Paged: while \`has_more\`, call again with \`next\`.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "limit": Object {
        "default": 30,
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "state": Object {
        "default": "open",
        "enum": Array [
          "open",
          "closed",
          "all",
        ],
      },
    },
    "required": Array [
      "owner",
      "repo",
    ],
    "type": "object",
  },
  "name": "list_milestones",
  "title": "List milestones",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > list_pull_request_reviews 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List pull request reviews",
  },
  "description": "Reads the reviews of a pull request, oldest first: reviewer, state (approved, changes requested...), body, time, and line comments (file, line, body).",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "index": Object {
        "description": "Issue or pull request number (12 of #12)",
        "maximum": 9007199254740991,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "index",
    ],
    "type": "object",
  },
  "name": "list_pull_request_reviews",
  "title": "List pull request reviews",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > list_pull_requests 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List pull requests",
  },
  "description": "Lists the pull requests of a repository, newest first: number, title, state, merged and draft flags, author, base and head branches, labels, comment count, dates, URL. Paged: while \`has_more\`, call again with \`next\`.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "limit": Object {
        "default": 30,
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "state": Object {
        "default": "open",
        "enum": Array [
          "open",
          "closed",
          "all",
        ],
      },
    },
    "required": Array [
      "owner",
      "repo",
    ],
    "type": "object",
  },
  "name": "list_pull_requests",
  "title": "List pull requests",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > list_releases 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List releases",
  },
  "description": "Lists the releases of a repository, newest first: tag, name, draft and pre-release flags, author, dates, URL, assets and notes (up to 4000 bytes each). Paged: while \`has_more\`, call again with \`next\`. Read a release's files with \`ref\` set to its tag.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "limit": Object {
        "default": 30,
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
    ],
    "type": "object",
  },
  "name": "list_releases",
  "title": "List releases",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > list_repositories 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List repositories",
  },
  "description": "Lists the repositories this server can read, by name: full name, description, visibility, default branch, language, last update, URL. Paged: while \`has_more\`, call again with \`next\`. To find one by name, \`search\` is quicker.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "limit": Object {
        "default": 30,
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
    },
    "type": "object",
  },
  "name": "list_repositories",
  "title": "List repositories",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > list_tags 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List tags",
  },
  "description": "Lists the tags of a repository, newest first: name, commit, annotated or not, message, date, URL. Paged: while \`has_more\`, call again with \`next\`. Use a tag as \`ref\` to read that release, or as \`base\`/\`head\` of compare_refs.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "limit": Object {
        "default": 30,
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
    ],
    "type": "object",
  },
  "name": "list_tags",
  "title": "List tags",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > list_wiki_pages 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List wiki pages",
  },
  "description": "Lists the pages of a repository's wiki by name: title, last change, URL. Paged: while \`has_more\`, call again with \`next\`. Read one with get_wiki_page.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "limit": Object {
        "default": 30,
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
    ],
    "type": "object",
  },
  "name": "list_wiki_pages",
  "title": "List wiki pages",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > search 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Search repositories, issues and files",
  },
  "description": "Searches what this server can read: repository names and descriptions, issue and pull request titles, text and comments (up to 10), and wiki page titles and file paths (not contents, default branch) of up to 10 repositories. Every word must appear (case ignored): use short words, e.g. \\"auth\\" or \\"docker compose\\". Returns up to 20 results with an id, title and URL. Ids: \\"owner/repo\\", \\"owner/repo#N\\" (issue), \\"owner/repo!N\\" (pull request), \\"owner/repo/wiki/Title\\" (wiki page), \\"owner/repo@ref:path\\" (file). Pass an id to \`fetch\` to read it. For full listings use the list_* tools.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "query": Object {
        "description": "Words to find, e.g. \\"platform\\" or \\"rate limit\\"",
        "maxLength": 256,
        "minLength": 1,
        "type": "string",
      },
    },
    "required": Array [
      "query",
    ],
    "type": "object",
  },
  "name": "search",
  "outputSchema": Object {
    "properties": Object {
      "results": Object {
        "items": Object {
          "properties": Object {
            "id": Object {
              "type": "string",
            },
            "title": Object {
              "type": "string",
            },
            "url": Object {
              "type": "string",
            },
          },
          "required": Array [
            "id",
            "title",
            "url",
          ],
          "type": "object",
        },
        "type": "array",
      },
    },
    "required": Array [
      "results",
    ],
    "type": "object",
  },
  "title": "Search repositories, issues and files",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > search_code 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Search code in a repository",
  },
  "description": "Finds text in the files of one repository at a branch, tag or commit, e.g. where \`parseConfig\` is used: a plain substring within a line, case ignored unless \`case_sensitive\`. Returns matching files in path order with line numbers and up to 5 snippet lines each. Reads text files up to 256.0 KiB, at most 5000 files and 16.0 MiB (\`skipped\` and \`complete\` say what was left out). Read a hit with get_file_contents (\`ref\` = commit_sha, \`start_line\`).",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "case_sensitive": Object {
        "default": false,
        "type": "boolean",
      },
      "limit": Object {
        "default": 20,
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "User or organisation, e.g. \\"acme\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "minimum": 1,
        "type": "integer",
      },
      "path": Object {
        "description": "Only under this directory or file",
        "maxLength": 4096,
        "type": "string",
      },
      "query": Object {
        "description": "Text to find (no regular expressions), e.g. \\"parseConfig\\"",
        "maxLength": 200,
        "minLength": 1,
        "type": "string",
      },
      "ref": Object {
        "description": "Branch, tag or commit SHA; omit for the default branch",
        "maxLength": 255,
        "minLength": 1,
        "pattern": "^[^\\\\s:~^?*\\\\[\\\\\\\\\\\\u0000-\\\\u001f\\\\u007f]+$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name, e.g. \\"platform\\" of \\"acme/platform\\"",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "query",
    ],
    "type": "object",
  },
  "name": "search_code",
  "title": "Search code in a repository",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool names > the list of tools, in order 1`] = `
Array [
  "list_repositories",
  "get_repository_info",
  "get_file_tree",
  "get_file_contents",
  "search",
  "fetch",
  "list_branches",
  "list_tags",
  "list_commits",
  "get_commit",
  "get_commit_diff",
  "compare_refs",
  "list_issues",
  "get_issue",
  "list_pull_requests",
  "get_pull_request",
  "get_pull_request_diff",
  "list_releases",
  "list_labels",
  "search_code",
  "list_action_runs",
  "get_action_run",
  "get_action_job_log",
  "list_wiki_pages",
  "get_wiki_page",
  "list_milestones",
  "list_pull_request_reviews",
  "get_commit_status",
]
`
