/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > fetch 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Fetch a document",
  },
  "description": "Returns the full document for an id from \`search\`: for a repository (\\"owner/repo\\") a Markdown summary (description, default branch, language, visibility, dates) followed by its README; for a file (\\"owner/repo@ref:path\\") the file's text (binary files are described, not returned). Also gives the title, the web URL and metadata (owner, repo, ref, path, size, sha, truncated). Long documents are cut to fit; the last line then says how to read the rest with get_file_contents.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "id": Object {
        "description": "An id from \`search\`: \\"owner/repo\\" for a repository, or \\"owner/repo@ref:path\\" for a file at a branch, tag or commit (e.g. \\"acme/platform@main:src/index.ts\\"); use the ids that \`search\` returns.",
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
            ],
          },
          "language": Object {
            "type": "string",
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
            "description": "Branch, tag or commit (the default branch for a repository)",
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
            "description": "The text was cut; its last line says how to read the rest",
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
          "ref",
          "truncated",
        ],
        "type": "object",
      },
      "text": Object {
        "description": "The document: a Markdown summary (with the README) for a repository, the file text for a file",
        "type": "string",
      },
      "title": Object {
        "type": "string",
      },
      "url": Object {
        "description": "Web page in Gitea",
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

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_file_contents 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Read a file",
  },
  "description": "Reads one file of a repository at a branch, tag or commit (default: the default branch) and returns its text as UTF-8, with its size, blob SHA, line numbers and web URL. Use \`start_line\`/\`end_line\` to read part of a long file. Large files come back cut to fit: then \`truncated\` is true and \`next\` gives the \`start_line\` to continue from. Binary files (images, archives, text not in UTF-8) are described, not returned. Find paths with get_file_tree or search first; a directory path is an error that points to get_file_tree.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "end_line": Object {
        "description": "Last line to return (inclusive). Default: the end of the file; a number past the end is fine.",
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "Owner of the repository: a Gitea user or organisation name, e.g. \\"acme\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "path": Object {
        "description": "Path of a file inside the repository, relative to its root, with \\"/\\" between directories and no leading \\"/\\", e.g. \\"src/index.ts\\".",
        "maxLength": 4096,
        "minLength": 1,
        "type": "string",
      },
      "ref": Object {
        "description": "Branch name, tag name or commit SHA, e.g. \\"main\\", \\"v1.0.0\\" or \\"feature/login\\". Omit it for the repository's default branch.",
        "maxLength": 255,
        "minLength": 1,
        "pattern": "^[^\\\\s:~^?*\\\\[\\\\\\\\\\\\u0000-\\\\u001f\\\\u007f]+$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name without the owner, e.g. \\"platform\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "start_line": Object {
        "description": "First line to return (1-based, inclusive). Default 1.",
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
  "outputSchema": Object {
    "properties": Object {
      "binary": Object {
        "properties": Object {
          "description": Object {
            "type": "string",
          },
          "kind": Object {
            "description": "png, jpeg, gif, pdf, zip, gzip, non_utf8_text, other, ...",
            "type": "string",
          },
        },
        "required": Array [
          "kind",
          "description",
        ],
        "type": "object",
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
      "end_line": Object {
        "anyOf": Array [
          Object {
            "type": "integer",
          },
          Object {
            "type": "null",
          },
        ],
        "description": "Last line in \`text\` (inclusive); null for a binary file",
      },
      "next": Object {
        "description": "Call again with these arguments (and the same owner, repo, path, ref) to read on",
        "properties": Object {
          "start_line": Object {
            "type": "integer",
          },
        },
        "required": Array [
          "start_line",
        ],
        "type": "object",
      },
      "note": Object {
        "type": "string",
      },
      "owner": Object {
        "type": "string",
      },
      "path": Object {
        "type": "string",
      },
      "ref": Object {
        "description": "The branch, tag or commit read",
        "type": "string",
      },
      "repo": Object {
        "type": "string",
      },
      "sha": Object {
        "description": "Blob SHA of the file",
        "type": "string",
      },
      "size": Object {
        "description": "Size of the whole file in bytes",
        "type": "integer",
      },
      "start_line": Object {
        "anyOf": Array [
          Object {
            "type": "integer",
          },
          Object {
            "type": "null",
          },
        ],
        "description": "First line in \`text\`; null for a binary file",
      },
      "text": Object {
        "anyOf": Array [
          Object {
            "type": "string",
          },
          Object {
            "type": "null",
          },
        ],
        "description": "The lines asked for, as UTF-8 text; null for a binary file",
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
        "description": "Lines in the whole file; null when unknown (binary, or only the start of the file was read)",
      },
      "truncated": Object {
        "description": "Not everything asked for is in \`text\`: the file is larger than the server reads, or the text was cut to fit the response size limit; see \`next\` and \`note\`",
        "type": "boolean",
      },
      "url": Object {
        "description": "Web page of the file in Gitea",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "path",
      "ref",
      "sha",
      "size",
      "encoding",
      "text",
      "start_line",
      "end_line",
      "total_lines",
      "truncated",
      "url",
    ],
    "type": "object",
  },
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
  "description": "Lists the files and directories of a repository at a branch, tag or commit (default: the default branch). Without \`path\` it lists the root; with \`path\` (e.g. \\"src/lib\\") that directory. With \`recursive: true\` it lists everything below, at any depth, up to 5000 entries. Each entry has its full path, type (file, dir, symlink, submodule) and size in bytes. Use it to explore a repository and find the exact path of a file; then read files with get_file_contents. When \`truncated\` is true, follow \`next\` (a narrower \`path\`) to see the rest.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "owner": Object {
        "description": "Owner of the repository: a Gitea user or organisation name, e.g. \\"acme\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "path": Object {
        "description": "Directory inside the repository, relative to its root, e.g. \\"src/lib\\". Omit it (or pass \\"\\") for the root. No leading \\"/\\".",
        "maxLength": 4096,
        "type": "string",
      },
      "recursive": Object {
        "default": false,
        "description": "true: every file and directory below \`path\`, at any depth (up to 5000 entries). false (default): only the entries directly in \`path\`.",
        "type": "boolean",
      },
      "ref": Object {
        "description": "Branch name, tag name or commit SHA, e.g. \\"main\\", \\"v1.0.0\\" or \\"feature/login\\". Omit it for the repository's default branch.",
        "maxLength": 255,
        "minLength": 1,
        "pattern": "^[^\\\\s:~^?*\\\\[\\\\\\\\\\\\u0000-\\\\u001f\\\\u007f]+$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name without the owner, e.g. \\"platform\\" in \\"acme/platform\\".",
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
  "outputSchema": Object {
    "properties": Object {
      "entries": Object {
        "items": Object {
          "properties": Object {
            "path": Object {
              "description": "Full path from the repository root; pass it as \`path\` to get_file_contents or get_file_tree",
              "type": "string",
            },
            "size": Object {
              "anyOf": Array [
                Object {
                  "type": "integer",
                },
                Object {
                  "type": "null",
                },
              ],
              "description": "Bytes (files and symlinks); null for directories and submodules",
            },
            "type": Object {
              "anyOf": Array [
                Object {
                  "const": "file",
                  "type": "string",
                },
                Object {
                  "const": "dir",
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
              ],
            },
          },
          "required": Array [
            "path",
            "type",
            "size",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "next": Object {
        "description": "Arguments that list (part of) what was left out",
        "properties": Object {
          "path": Object {
            "type": "string",
          },
          "recursive": Object {
            "type": "boolean",
          },
        },
        "type": "object",
      },
      "note": Object {
        "type": "string",
      },
      "owner": Object {
        "type": "string",
      },
      "path": Object {
        "description": "The directory listed (\\"\\" = root)",
        "type": "string",
      },
      "recursive": Object {
        "type": "boolean",
      },
      "ref": Object {
        "description": "The branch, tag or commit listed",
        "type": "string",
      },
      "repo": Object {
        "type": "string",
      },
      "total_entries": Object {
        "anyOf": Array [
          Object {
            "type": "integer",
          },
          Object {
            "type": "null",
          },
        ],
        "description": "How many entries the directory (or tree) has in all, when known",
      },
      "truncated": Object {
        "description": "Some entries are not listed (the tree is larger than the cap or the response size limit); see \`next\` and \`note\`",
        "type": "boolean",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "ref",
      "path",
      "recursive",
      "entries",
      "total_entries",
      "truncated",
    ],
    "type": "object",
  },
  "title": "List files and directories",
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
  "description": "Describes one repository: description, default branch, visibility (private/public), fork/archived/empty/mirror flags, size, main language, stars, forks, open issues, creation and last update dates, topics, web URL and clone URL. Use it before browsing a repository to learn its default branch, or to answer questions about the repository itself. Next: get_file_tree to see its files, get_file_contents to read one.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "owner": Object {
        "description": "Owner of the repository: a Gitea user or organisation name, e.g. \\"acme\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name without the owner, e.g. \\"platform\\" in \\"acme/platform\\".",
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
  "outputSchema": Object {
    "properties": Object {
      "archived": Object {
        "type": "boolean",
      },
      "clone_url": Object {
        "type": "string",
      },
      "created_at": Object {
        "description": "ISO 8601",
        "type": "string",
      },
      "default_branch": Object {
        "description": "Branch the tools read when \`ref\` is omitted",
        "type": "string",
      },
      "description": Object {
        "type": "string",
      },
      "empty": Object {
        "description": "The repository has no commits yet",
        "type": "boolean",
      },
      "fork": Object {
        "type": "boolean",
      },
      "forks": Object {
        "type": "integer",
      },
      "full_name": Object {
        "type": "string",
      },
      "language": Object {
        "description": "Main language as Gitea detected it; \\"\\" when unknown",
        "type": "string",
      },
      "mirror": Object {
        "type": "boolean",
      },
      "name": Object {
        "type": "string",
      },
      "open_issues": Object {
        "type": "integer",
      },
      "owner": Object {
        "type": "string",
      },
      "size_kib": Object {
        "description": "Repository size in KiB, as Gitea reports it",
        "type": "number",
      },
      "stars": Object {
        "type": "integer",
      },
      "topics": Object {
        "items": Object {
          "type": "string",
        },
        "type": "array",
      },
      "updated_at": Object {
        "description": "ISO 8601",
        "type": "string",
      },
      "url": Object {
        "description": "Web page of the repository in Gitea",
        "type": "string",
      },
      "visibility": Object {
        "anyOf": Array [
          Object {
            "const": "private",
            "type": "string",
          },
          Object {
            "const": "public",
            "type": "string",
          },
        ],
      },
    },
    "required": Array [
      "full_name",
      "owner",
      "name",
      "description",
      "default_branch",
      "visibility",
      "fork",
      "archived",
      "empty",
      "mirror",
      "size_kib",
      "language",
      "stars",
      "forks",
      "open_issues",
      "created_at",
      "updated_at",
      "url",
      "clone_url",
      "topics",
    ],
    "type": "object",
  },
  "title": "Get repository info",
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
  "description": "Lists the Gitea repositories this server can read (owned, shared, and through organisations), sorted by name, one page at a time: full name, description, visibility, default branch, language, last update and web URL. Use it to discover what exists; when \`has_more\` is true, call it again with the \`next\` arguments. To find a repository or file by name, \`search\` is quicker. Next steps: get_repository_info for details, get_file_tree to browse files, get_file_contents to read one.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "limit": Object {
        "default": 30,
        "description": "Items per page, 1 to 50 (default 30).",
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "page": Object {
        "default": 1,
        "description": "Page number, starting at 1.",
        "minimum": 1,
        "type": "integer",
      },
    },
    "type": "object",
  },
  "name": "list_repositories",
  "outputSchema": Object {
    "properties": Object {
      "has_more": Object {
        "description": "More repositories follow: ask for the page in \`next\`",
        "type": "boolean",
      },
      "limit": Object {
        "type": "integer",
      },
      "next": Object {
        "description": "Arguments that ask for the next repositories",
        "properties": Object {
          "limit": Object {
            "type": "integer",
          },
          "page": Object {
            "type": "integer",
          },
        },
        "required": Array [
          "page",
          "limit",
        ],
        "type": "object",
      },
      "page": Object {
        "type": "integer",
      },
      "repositories": Object {
        "items": Object {
          "properties": Object {
            "default_branch": Object {
              "type": "string",
            },
            "description": Object {
              "type": "string",
            },
            "full_name": Object {
              "description": "\\"owner/name\\": pass owner and name as \`owner\` and \`repo\` to the other tools",
              "type": "string",
            },
            "language": Object {
              "description": "Main language as Gitea detected it; \\"\\" when unknown",
              "type": "string",
            },
            "name": Object {
              "type": "string",
            },
            "owner": Object {
              "type": "string",
            },
            "private": Object {
              "type": "boolean",
            },
            "updated_at": Object {
              "description": "Last update (ISO 8601)",
              "type": "string",
            },
            "url": Object {
              "description": "Web page of the repository in Gitea",
              "type": "string",
            },
          },
          "required": Array [
            "full_name",
            "owner",
            "name",
            "description",
            "private",
            "default_branch",
            "language",
            "updated_at",
            "url",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "total": Object {
        "anyOf": Array [
          Object {
            "type": "integer",
          },
          Object {
            "type": "null",
          },
        ],
        "description": "All repositories the token can read; null when Gitea did not say",
      },
      "truncated": Object {
        "description": "This page was cut to fit the response size limit; \`next\` continues right after the last one shown",
        "type": "boolean",
      },
    },
    "required": Array [
      "repositories",
      "page",
      "limit",
      "total",
      "has_more",
      "truncated",
    ],
    "type": "object",
  },
  "title": "List repositories",
}
`

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > search 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Search repositories and files",
  },
  "description": "Searches the Gitea repositories this server can read: repository names and descriptions, and file paths (not file contents) in the default branch of up to 10 repositories (those matching the query, then the most recently updated). Every word of the query must appear, ignoring case: use short words from names, e.g. \\"auth\\", \\"docker compose\\" or \\"README\\". Returns up to 20 results, repositories first, each with an id, a title and a web URL. Pass an id to \`fetch\` to read the repository summary (with its README) or the file. For a full listing use list_repositories and get_file_tree instead.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "query": Object {
        "description": "Words to look for in repository names and descriptions and in file paths, e.g. \\"platform\\", \\"rate limit\\" or \\"src/auth\\". Every word must appear; case is ignored.",
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
              "description": "Pass to \`fetch\` to read the repository summary or the file",
              "type": "string",
            },
            "title": Object {
              "type": "string",
            },
            "url": Object {
              "description": "Web page in Gitea",
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
  "title": "Search repositories and files",
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
]
`
