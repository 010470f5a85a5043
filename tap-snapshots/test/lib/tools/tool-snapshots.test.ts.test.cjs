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
  "description": "Shows what \`head\` has that \`base\` lacks: the commits (newest first, paged with \`page\`/\`limit\`), the files they change with their net status (added, removed, modified), and line totals. Use it for \\"what changed between v1.0.0 and v1.1.0\\" or \\"what is on this feature branch\\". There is no diff text: read one commit's changes with get_commit_diff. Narrow the file list with \`path\` (a directory); when \`truncated\` is true, follow \`next\`.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "base": Object {
        "description": "The older side: a branch, tag or commit SHA, e.g. \\"main\\" or \\"v1.0.0\\".",
        "maxLength": 255,
        "minLength": 1,
        "type": "string",
      },
      "head": Object {
        "description": "The newer side: a branch, tag or commit SHA, e.g. \\"feature/login\\" or \\"v1.1.0\\".",
        "maxLength": 255,
        "minLength": 1,
        "type": "string",
      },
      "limit": Object {
        "default": 30,
        "description": "Items per page, 1 to 50 (default 30).",
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "Owner of the repository: a Gitea user or organisation name, e.g. \\"acme\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "description": "Page of the commit list, starting at 1.",
        "minimum": 1,
        "type": "integer",
      },
      "path": Object {
        "description": "Only list changed files in this directory (or this file), e.g. \\"src/billing\\". Omit it for all.",
        "maxLength": 4096,
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
      "base",
      "head",
    ],
    "type": "object",
  },
  "name": "compare_refs",
  "outputSchema": Object {
    "properties": Object {
      "base": Object {
        "type": "string",
      },
      "commits": Object {
        "description": "Those commits, newest first, one page at a time",
        "items": Object {
          "properties": Object {
            "author": Object {
              "properties": Object {
                "date": Object {
                  "description": "RFC 3339",
                  "type": "string",
                },
                "email": Object {
                  "type": "string",
                },
                "name": Object {
                  "type": "string",
                },
              },
              "required": Array [
                "name",
                "email",
                "date",
              ],
              "type": "object",
            },
            "committer": Object {
              "properties": Object {
                "date": Object {
                  "description": "RFC 3339",
                  "type": "string",
                },
                "email": Object {
                  "type": "string",
                },
                "name": Object {
                  "type": "string",
                },
              },
              "required": Array [
                "name",
                "email",
                "date",
              ],
              "type": "object",
            },
            "parents": Object {
              "description": "Parent SHAs (two or more for a merge)",
              "items": Object {
                "type": "string",
              },
              "type": "array",
            },
            "sha": Object {
              "description": "Full commit SHA: pass it as \`sha\` to get_commit or get_commit_diff",
              "type": "string",
            },
            "title": Object {
              "description": "First line of the commit message",
              "type": "string",
            },
            "url": Object {
              "description": "Web page of the commit in Gitea",
              "type": "string",
            },
          },
          "required": Array [
            "sha",
            "title",
            "author",
            "committer",
            "parents",
            "url",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in text from the repository, shown as [U+XXXX] escapes; absent when none",
        "type": "integer",
      },
      "files": Object {
        "description": "Files the commits change, in path order, with their net status",
        "items": Object {
          "properties": Object {
            "commits": Object {
              "description": "How many of the commits touch this file",
              "type": "integer",
            },
            "path": Object {
              "type": "string",
            },
            "status": Object {
              "anyOf": Array [
                Object {
                  "const": "added",
                  "type": "string",
                },
                Object {
                  "const": "removed",
                  "type": "string",
                },
                Object {
                  "const": "modified",
                  "type": "string",
                },
              ],
              "description": "Net change from base to head",
            },
          },
          "required": Array [
            "path",
            "status",
            "commits",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "files_truncated": Object {
        "description": "Some files were left out to fit the response size limit: narrow them with \`path\`",
        "type": "boolean",
      },
      "has_more": Object {
        "description": "More commits follow: ask for the page in \`next\`",
        "type": "boolean",
      },
      "head": Object {
        "type": "string",
      },
      "limit": Object {
        "type": "integer",
      },
      "next": Object {
        "description": "Call again with these arguments (and the same owner, repo, base, head) for the rest",
        "properties": Object {
          "limit": Object {
            "type": "integer",
          },
          "page": Object {
            "type": "integer",
          },
          "path": Object {
            "type": "string",
          },
        },
        "type": "object",
      },
      "note": Object {
        "description": "What was left out or changed, and how to get the rest",
        "type": "string",
      },
      "owner": Object {
        "type": "string",
      },
      "page": Object {
        "type": "integer",
      },
      "path": Object {
        "anyOf": Array [
          Object {
            "type": "string",
          },
          Object {
            "type": "null",
          },
        ],
        "description": "The directory \`files\` is limited to; null for all",
      },
      "repo": Object {
        "type": "string",
      },
      "stats": Object {
        "description": "Lines added and deleted, summed over the commits (a line changed in two commits counts twice)",
        "properties": Object {
          "additions": Object {
            "type": "integer",
          },
          "deletions": Object {
            "type": "integer",
          },
        },
        "required": Array [
          "additions",
          "deletions",
        ],
        "type": "object",
      },
      "total_commits": Object {
        "description": "Commits on head that base does not have",
        "type": "integer",
      },
      "total_files": Object {
        "type": "integer",
      },
      "truncated": Object {
        "description": "Commits or files were left out; see \`next\` and \`note\`",
        "type": "boolean",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "base",
      "head",
      "total_commits",
      "commits",
      "page",
      "limit",
      "has_more",
      "stats",
      "path",
      "files",
      "total_files",
      "files_truncated",
      "truncated",
    ],
    "type": "object",
  },
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
  "description": "Returns the full document for an id from \`search\`: for a repository (\\"owner/repo\\") a Markdown summary (description, default branch, language, visibility, dates) followed by its README; for a file (\\"owner/repo@ref:path\\") the file's text (binary files are described, not returned); for an issue (\\"owner/repo#12\\") or pull request (\\"owner/repo!5\\") its state, description and comments (a pull request also with its branches and changed files). Also gives the title, the web URL and metadata (owner, repo, ref, path, size, sha, number, state, truncated). Long documents are cut to fit; the last line then says how to read the rest (get_file_contents for a file, get_issue for more comments).",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "id": Object {
        "description": "An id from \`search\`: \\"owner/repo\\" for a repository, \\"owner/repo@ref:path\\" for a file at a branch, tag or commit (e.g. \\"acme/platform@main:src/index.ts\\"), \\"owner/repo#N\\" for issue N and \\"owner/repo!N\\" for pull request N (e.g. \\"acme/platform#12\\", \\"acme/platform!5\\"); use the ids that \`search\` returns.",
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
            "description": "Number of comments on the issue or pull request",
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
            "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in the file text read, shown as [U+XXXX] escapes; absent when none",
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
            ],
          },
          "language": Object {
            "type": "string",
          },
          "note": Object {
            "type": "string",
          },
          "number": Object {
            "description": "Issue or pull request number",
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
            "description": "Branch, tag or commit (the default branch for a repository); absent for an issue or pull request",
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
            "description": "Issue or pull request state: open, closed or merged",
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
          "truncated",
        ],
        "type": "object",
      },
      "text": Object {
        "description": "The document: a Markdown summary (with the README) for a repository, the file text for a file, the conversation (description and comments) for an issue or pull request",
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

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_commit 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Get a commit",
  },
  "description": "Shows one commit: full message, author and committer with dates, parents, line statistics (additions, deletions) and the list of files it added, removed or modified, with its web URL. \`sha\` may be a full or abbreviated commit SHA, or a branch or tag name for the commit it points at. Find SHAs with list_commits; see the changes themselves with get_commit_diff.",
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
      "sha": Object {
        "description": "Commit SHA (full, or at least the first 7 characters), or a branch or tag name for the commit it points at.",
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
  "outputSchema": Object {
    "properties": Object {
      "author": Object {
        "properties": Object {
          "date": Object {
            "description": "RFC 3339",
            "type": "string",
          },
          "email": Object {
            "type": "string",
          },
          "name": Object {
            "type": "string",
          },
        },
        "required": Array [
          "name",
          "email",
          "date",
        ],
        "type": "object",
      },
      "committer": Object {
        "properties": Object {
          "date": Object {
            "description": "RFC 3339",
            "type": "string",
          },
          "email": Object {
            "type": "string",
          },
          "name": Object {
            "type": "string",
          },
        },
        "required": Array [
          "name",
          "email",
          "date",
        ],
        "type": "object",
      },
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in text from the repository, shown as [U+XXXX] escapes; absent when none",
        "type": "integer",
      },
      "files": Object {
        "description": "Files changed against the first parent, in path order",
        "items": Object {
          "properties": Object {
            "path": Object {
              "description": "Pass it as \`path\` to get_commit_diff to see this file's changes",
              "type": "string",
            },
            "status": Object {
              "description": "added, removed or modified (a rename is a removal and an addition)",
              "type": "string",
            },
          },
          "required": Array [
            "path",
            "status",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "message": Object {
        "description": "The whole commit message",
        "type": "string",
      },
      "message_truncated": Object {
        "description": "The message was cut to fit the response size limit",
        "type": "boolean",
      },
      "note": Object {
        "description": "What was left out or changed, and how to get the rest",
        "type": "string",
      },
      "owner": Object {
        "type": "string",
      },
      "parents": Object {
        "description": "Parent SHAs (two or more for a merge)",
        "items": Object {
          "type": "string",
        },
        "type": "array",
      },
      "repo": Object {
        "type": "string",
      },
      "sha": Object {
        "description": "Full commit SHA: pass it as \`sha\` to get_commit or get_commit_diff",
        "type": "string",
      },
      "stats": Object {
        "anyOf": Array [
          Object {
            "properties": Object {
              "additions": Object {
                "type": "integer",
              },
              "deletions": Object {
                "type": "integer",
              },
              "total": Object {
                "type": "integer",
              },
            },
            "required": Array [
              "additions",
              "deletions",
              "total",
            ],
            "type": "object",
          },
          Object {
            "type": "null",
          },
        ],
        "description": "Lines added and deleted against the first parent; null when Gitea did not compute them",
      },
      "title": Object {
        "description": "First line of the commit message",
        "type": "string",
      },
      "total_files": Object {
        "type": "integer",
      },
      "truncated": Object {
        "description": "Some files (or part of the message) were left out to fit the response size limit; see \`note\`",
        "type": "boolean",
      },
      "url": Object {
        "description": "Web page of the commit in Gitea",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "sha",
      "title",
      "author",
      "committer",
      "parents",
      "url",
      "message",
      "message_truncated",
      "stats",
      "files",
      "total_files",
      "truncated",
    ],
    "type": "object",
  },
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
  "description": "Shows the changes a commit made, as a unified diff (git format) against its first parent, with the list of changed files (status, lines added and deleted, binary or not). Give \`path\` to see one file's changes only. A diff larger than the response size limit comes in pages, cut between files where possible: when \`truncated\` is true, the text ends with a marker and \`next\` gives the \`page\` (or \`path\`) to ask for. Diffs over 16.0 MiB are read only that far. Use get_commit for the message and statistics alone, compare_refs for what changed between two branches or tags.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "owner": Object {
        "description": "Owner of the repository: a Gitea user or organisation name, e.g. \\"acme\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "description": "Page of the diff, starting at 1: a long diff comes in pages that each fit the response size limit.",
        "minimum": 1,
        "type": "integer",
      },
      "path": Object {
        "description": "Only this file's changes: a path from \`files\` (the path after a rename, or before it).",
        "maxLength": 4096,
        "minLength": 1,
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name without the owner, e.g. \\"platform\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "sha": Object {
        "description": "Commit SHA (full, or at least the first 7 characters), or a branch or tag name for the commit it points at.",
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
  "outputSchema": Object {
    "properties": Object {
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in the diff and the title, shown as [U+XXXX] escapes; absent when none",
        "type": "integer",
      },
      "files": Object {
        "description": "Every file the commit changes (as far as the list fits), on every page",
        "items": Object {
          "properties": Object {
            "additions": Object {
              "type": "integer",
            },
            "binary": Object {
              "type": "boolean",
            },
            "deletions": Object {
              "type": "integer",
            },
            "old_path": Object {
              "anyOf": Array [
                Object {
                  "type": "string",
                },
                Object {
                  "type": "null",
                },
              ],
              "description": "Path before a rename or copy; null otherwise",
            },
            "path": Object {
              "description": "Path after the change; pass it as \`path\` to see only this file",
              "type": "string",
            },
            "status": Object {
              "anyOf": Array [
                Object {
                  "const": "added",
                  "type": "string",
                },
                Object {
                  "const": "deleted",
                  "type": "string",
                },
                Object {
                  "const": "modified",
                  "type": "string",
                },
                Object {
                  "const": "renamed",
                  "type": "string",
                },
                Object {
                  "const": "copied",
                  "type": "string",
                },
              ],
            },
          },
          "required": Array [
            "path",
            "old_path",
            "status",
            "binary",
            "additions",
            "deletions",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "files_truncated": Object {
        "description": "The file list was cut to fit; the diff text still covers every file",
        "type": "boolean",
      },
      "next": Object {
        "description": "Call again with these arguments (and the same owner, repo, sha) for the rest",
        "properties": Object {
          "page": Object {
            "type": "integer",
          },
          "path": Object {
            "type": "string",
          },
        },
        "required": Array [
          "page",
        ],
        "type": "object",
      },
      "note": Object {
        "description": "What was left out or changed, and how to get the rest",
        "type": "string",
      },
      "owner": Object {
        "type": "string",
      },
      "page": Object {
        "type": "integer",
      },
      "path": Object {
        "anyOf": Array [
          Object {
            "type": "string",
          },
          Object {
            "type": "null",
          },
        ],
        "description": "The one file shown, or null for the whole diff",
      },
      "repo": Object {
        "type": "string",
      },
      "sha": Object {
        "description": "The full SHA of the commit shown",
        "type": "string",
      },
      "text": Object {
        "description": "Unified diff (git format) against the first parent; a root commit starts with its header. A page that is not the last ends with a marker line saying how to get the rest",
        "type": "string",
      },
      "title": Object {
        "description": "First line of the commit message",
        "type": "string",
      },
      "total_files": Object {
        "type": "integer",
      },
      "total_pages": Object {
        "type": "integer",
      },
      "truncated": Object {
        "description": "More of the diff follows: see \`next\`",
        "type": "boolean",
      },
      "url": Object {
        "description": "Web page of the commit in Gitea",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "sha",
      "title",
      "url",
      "path",
      "files",
      "total_files",
      "files_truncated",
      "page",
      "total_pages",
      "text",
      "truncated",
    ],
    "type": "object",
  },
  "title": "Get a commit's diff",
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
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in \`text\`, shown as [U+XXXX] escapes so they cannot hide anything; absent when none. Everything else is exactly as in the file",
        "type": "integer",
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

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > get_issue 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "Get an issue with its comments",
  },
  "description": "Reads one issue (or pull request) by its number: title, state, author, labels, assignees, dates, the description and the comments, oldest first. A long thread is cut to fit: then \`comments_truncated\` is true and \`next\` gives the \`comments_from\` that continues it. Find numbers with list_issues (or search). For a pull request's branches, files and diff use get_pull_request and get_pull_request_diff.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "comments_from": Object {
        "default": 1,
        "description": "Position (from 1, oldest first) of the first comment to return; use the value in \`next\` when the comments were cut.",
        "maximum": 9007199254740991,
        "minimum": 1,
        "type": "integer",
      },
      "index": Object {
        "description": "Number of the issue or pull request in its repository (the 12 of #12), from 1.",
        "maximum": 9007199254740991,
        "minimum": 1,
        "type": "integer",
      },
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
      "index",
    ],
    "type": "object",
  },
  "name": "get_issue",
  "outputSchema": Object {
    "properties": Object {
      "assignees": Object {
        "items": Object {
          "type": "string",
        },
        "type": "array",
      },
      "author": Object {
        "type": "string",
      },
      "body": Object {
        "description": "The description (Markdown)",
        "type": "string",
      },
      "body_truncated": Object {
        "description": "The description was cut to fit; its end says where to read it whole",
        "type": "boolean",
      },
      "closed_at": Object {
        "anyOf": Array [
          Object {
            "type": "string",
          },
          Object {
            "type": "null",
          },
        ],
      },
      "comments": Object {
        "description": "Comments, oldest first",
        "items": Object {
          "properties": Object {
            "author": Object {
              "type": "string",
            },
            "body": Object {
              "type": "string",
            },
            "created_at": Object {
              "description": "ISO 8601",
              "type": "string",
            },
            "id": Object {
              "type": "integer",
            },
            "updated_at": Object {
              "description": "ISO 8601",
              "type": "string",
            },
            "url": Object {
              "description": "Web address of the comment",
              "type": "string",
            },
          },
          "required": Array [
            "id",
            "author",
            "created_at",
            "updated_at",
            "body",
            "url",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "comments_from": Object {
        "description": "Position of the first comment shown",
        "type": "integer",
      },
      "comments_total": Object {
        "type": "integer",
      },
      "comments_truncated": Object {
        "description": "More comments follow the last one shown: ask for them with \`next\`",
        "type": "boolean",
      },
      "created_at": Object {
        "description": "ISO 8601",
        "type": "string",
      },
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in text from the repository, shown as [U+XXXX] escapes; absent when none",
        "type": "integer",
      },
      "is_pull_request": Object {
        "description": "This number is a pull request (get_pull_request shows its branches and files)",
        "type": "boolean",
      },
      "labels": Object {
        "items": Object {
          "type": "string",
        },
        "type": "array",
      },
      "locked": Object {
        "type": "boolean",
      },
      "next": Object {
        "description": "Arguments that ask for the rest of the comments",
        "properties": Object {
          "comments_from": Object {
            "type": "integer",
          },
        },
        "required": Array [
          "comments_from",
        ],
        "type": "object",
      },
      "note": Object {
        "description": "What was left out or changed, and how to get the rest",
        "type": "string",
      },
      "number": Object {
        "type": "integer",
      },
      "owner": Object {
        "type": "string",
      },
      "repo": Object {
        "type": "string",
      },
      "state": Object {
        "enum": Array [
          "open",
          "closed",
        ],
      },
      "title": Object {
        "type": "string",
      },
      "updated_at": Object {
        "description": "ISO 8601",
        "type": "string",
      },
      "url": Object {
        "description": "Web page in Gitea",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "number",
      "title",
      "state",
      "is_pull_request",
      "author",
      "labels",
      "assignees",
      "locked",
      "created_at",
      "updated_at",
      "closed_at",
      "url",
      "body",
      "body_truncated",
      "comments_total",
      "comments_from",
      "comments",
      "comments_truncated",
    ],
    "type": "object",
  },
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
  "description": "Reads one pull request by its number: title, state (merged, draft), author, labels, base and head branches with their commits, dates, the description, line totals and the changed files with lines added and deleted (up to 100 a call; \`next\` gives the \`files_from\` that continues the list). Find numbers with list_pull_requests or search. The diff itself: get_pull_request_diff (with \`path\` for one file). The comments: get_issue with the same number.",
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
        "description": "Number of the issue or pull request in its repository (the 12 of #12), from 1.",
        "maximum": 9007199254740991,
        "minimum": 1,
        "type": "integer",
      },
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
      "index",
    ],
    "type": "object",
  },
  "name": "get_pull_request",
  "outputSchema": Object {
    "properties": Object {
      "additions": Object {
        "anyOf": Array [
          Object {
            "type": "integer",
          },
          Object {
            "type": "null",
          },
        ],
        "description": "Lines added in all; null when Gitea did not say",
      },
      "author": Object {
        "type": "string",
      },
      "base": Object {
        "properties": Object {
          "branch": Object {
            "type": "string",
          },
          "sha": Object {
            "description": "Commit the branch points at (for the head: the pull request's last commit)",
            "type": "string",
          },
        },
        "required": Array [
          "branch",
          "sha",
        ],
        "type": "object",
      },
      "body": Object {
        "description": "The description (Markdown)",
        "type": "string",
      },
      "body_truncated": Object {
        "type": "boolean",
      },
      "changed_files": Object {
        "description": "Number of files changed",
        "type": "integer",
      },
      "closed_at": Object {
        "anyOf": Array [
          Object {
            "type": "string",
          },
          Object {
            "type": "null",
          },
        ],
      },
      "comments": Object {
        "description": "Number of comments (get_issue with the same number reads them)",
        "type": "integer",
      },
      "created_at": Object {
        "description": "ISO 8601",
        "type": "string",
      },
      "deletions": Object {
        "anyOf": Array [
          Object {
            "type": "integer",
          },
          Object {
            "type": "null",
          },
        ],
      },
      "draft": Object {
        "type": "boolean",
      },
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in text from the repository, shown as [U+XXXX] escapes; absent when none",
        "type": "integer",
      },
      "files": Object {
        "items": Object {
          "properties": Object {
            "additions": Object {
              "type": "integer",
            },
            "deletions": Object {
              "type": "integer",
            },
            "path": Object {
              "description": "Pass it as \`path\` to get_pull_request_diff to see this file's changes",
              "type": "string",
            },
            "previous_path": Object {
              "description": "Path before a rename",
              "type": "string",
            },
            "status": Object {
              "enum": Array [
                "added",
                "deleted",
                "modified",
                "renamed",
                "copied",
                "unchanged",
              ],
            },
          },
          "required": Array [
            "path",
            "status",
            "additions",
            "deletions",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "files_from": Object {
        "description": "Position of the first file listed",
        "type": "integer",
      },
      "files_truncated": Object {
        "description": "More changed files follow: ask for them with \`next\`",
        "type": "boolean",
      },
      "head": Object {
        "properties": Object {
          "branch": Object {
            "type": "string",
          },
          "sha": Object {
            "description": "Commit the branch points at (for the head: the pull request's last commit)",
            "type": "string",
          },
        },
        "required": Array [
          "branch",
          "sha",
        ],
        "type": "object",
      },
      "labels": Object {
        "items": Object {
          "type": "string",
        },
        "type": "array",
      },
      "merge_base": Object {
        "description": "Commit the changes are compared against",
        "type": "string",
      },
      "mergeable": Object {
        "description": "Gitea sees no conflict (meaningful while open)",
        "type": "boolean",
      },
      "merged": Object {
        "type": "boolean",
      },
      "merged_at": Object {
        "anyOf": Array [
          Object {
            "type": "string",
          },
          Object {
            "type": "null",
          },
        ],
      },
      "merged_by": Object {
        "anyOf": Array [
          Object {
            "type": "string",
          },
          Object {
            "type": "null",
          },
        ],
      },
      "next": Object {
        "description": "Arguments that list the next changed files",
        "properties": Object {
          "files_from": Object {
            "type": "integer",
          },
        },
        "required": Array [
          "files_from",
        ],
        "type": "object",
      },
      "note": Object {
        "description": "What was left out or changed, and how to get the rest",
        "type": "string",
      },
      "number": Object {
        "type": "integer",
      },
      "owner": Object {
        "type": "string",
      },
      "repo": Object {
        "type": "string",
      },
      "state": Object {
        "enum": Array [
          "open",
          "closed",
        ],
      },
      "title": Object {
        "type": "string",
      },
      "updated_at": Object {
        "description": "ISO 8601",
        "type": "string",
      },
      "url": Object {
        "description": "Web page in Gitea",
        "type": "string",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "number",
      "title",
      "state",
      "merged",
      "draft",
      "mergeable",
      "author",
      "labels",
      "base",
      "head",
      "merge_base",
      "created_at",
      "updated_at",
      "closed_at",
      "merged_at",
      "merged_by",
      "url",
      "body",
      "body_truncated",
      "comments",
      "additions",
      "deletions",
      "changed_files",
      "files_from",
      "files",
      "files_truncated",
    ],
    "type": "object",
  },
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
  "description": "The changes of a pull request as a unified diff (git format, from where its branch left the base to its last commit), with the list of changed files and lines added and deleted. Pass \`path\` for one file only. A diff larger than the response size limit comes in pages: the text ends with a marker naming the \`page\` (or a \`path\`) that shows the rest. Find numbers with list_pull_requests; get_pull_request gives the description and every changed file.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "index": Object {
        "description": "Number of the issue or pull request in its repository (the 12 of #12), from 1.",
        "maximum": 9007199254740991,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "Owner of the repository: a Gitea user or organisation name, e.g. \\"acme\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "description": "Page number, starting at 1.",
        "minimum": 1,
        "type": "integer",
      },
      "path": Object {
        "description": "One changed file (its path after the change, or before a rename), e.g. \\"src/server.ts\\": only its diff. Omit it for the whole diff.",
        "maxLength": 4096,
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
      "index",
    ],
    "type": "object",
  },
  "name": "get_pull_request_diff",
  "outputSchema": Object {
    "properties": Object {
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in text from the repository, shown as [U+XXXX] escapes; absent when none",
        "type": "integer",
      },
      "files": Object {
        "description": "The changed files (the same list on every page)",
        "items": Object {
          "properties": Object {
            "additions": Object {
              "type": "integer",
            },
            "binary": Object {
              "type": "boolean",
            },
            "deletions": Object {
              "type": "integer",
            },
            "old_path": Object {
              "anyOf": Array [
                Object {
                  "type": "string",
                },
                Object {
                  "type": "null",
                },
              ],
              "description": "Path before a rename or copy; null otherwise",
            },
            "path": Object {
              "description": "Path after the change; pass it as \`path\` to see only this file",
              "type": "string",
            },
            "status": Object {
              "anyOf": Array [
                Object {
                  "const": "added",
                  "type": "string",
                },
                Object {
                  "const": "deleted",
                  "type": "string",
                },
                Object {
                  "const": "modified",
                  "type": "string",
                },
                Object {
                  "const": "renamed",
                  "type": "string",
                },
                Object {
                  "const": "copied",
                  "type": "string",
                },
              ],
            },
          },
          "required": Array [
            "path",
            "old_path",
            "status",
            "binary",
            "additions",
            "deletions",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "files_total": Object {
        "type": "integer",
      },
      "files_truncated": Object {
        "description": "The file list was cut to leave room for the diff; get_pull_request lists them all",
        "type": "boolean",
      },
      "next": Object {
        "description": "Arguments that show the rest",
        "properties": Object {
          "page": Object {
            "type": "integer",
          },
          "path": Object {
            "type": "string",
          },
        },
        "required": Array [
          "page",
        ],
        "type": "object",
      },
      "note": Object {
        "description": "What was left out or changed, and how to get the rest",
        "type": "string",
      },
      "number": Object {
        "type": "integer",
      },
      "owner": Object {
        "type": "string",
      },
      "page": Object {
        "type": "integer",
      },
      "path": Object {
        "anyOf": Array [
          Object {
            "type": "string",
          },
          Object {
            "type": "null",
          },
        ],
        "description": "The file shown, or null for the whole diff",
      },
      "repo": Object {
        "type": "string",
      },
      "text": Object {
        "description": "Unified diff (git format); when cut, its last line says how to ask for the rest",
        "type": "string",
      },
      "total_pages": Object {
        "type": "integer",
      },
      "truncated": Object {
        "description": "More of the diff follows: ask for it with \`next\`",
        "type": "boolean",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "number",
      "files",
      "files_total",
      "files_truncated",
      "path",
      "page",
      "total_pages",
      "text",
      "truncated",
    ],
    "type": "object",
  },
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

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > list_branches 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List branches",
  },
  "description": "Lists the branches of a repository, most recently updated first, one page at a time. Each branch shows the commit it points at (SHA, first line of the message, author, date, URL), whether it is protected and whether it is the default branch. Use a branch name as \`ref\` for get_file_tree, get_file_contents or search_code, as \`sha\` for list_commits, or as \`base\`/\`head\` for compare_refs. When \`has_more\` is true, call again with the \`next\` arguments.",
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
      "owner": Object {
        "description": "Owner of the repository: a Gitea user or organisation name, e.g. \\"acme\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "description": "Page number, starting at 1.",
        "minimum": 1,
        "type": "integer",
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
  "name": "list_branches",
  "outputSchema": Object {
    "properties": Object {
      "branches": Object {
        "items": Object {
          "properties": Object {
            "commit": Object {
              "properties": Object {
                "author": Object {
                  "type": "string",
                },
                "date": Object {
                  "description": "Author date (RFC 3339)",
                  "type": "string",
                },
                "sha": Object {
                  "description": "The commit the branch points at",
                  "type": "string",
                },
                "title": Object {
                  "description": "First line of its message",
                  "type": "string",
                },
                "url": Object {
                  "type": "string",
                },
              },
              "required": Array [
                "sha",
                "title",
                "author",
                "date",
                "url",
              ],
              "type": "object",
            },
            "default": Object {
              "description": "The repository's default branch",
              "type": "boolean",
            },
            "name": Object {
              "description": "Pass it as \`ref\` (or \`sha\`, \`base\`, \`head\`) to the other tools",
              "type": "string",
            },
            "protected": Object {
              "type": "boolean",
            },
          },
          "required": Array [
            "name",
            "default",
            "protected",
            "commit",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "default_branch": Object {
        "type": "string",
      },
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in text from the repository, shown as [U+XXXX] escapes; absent when none",
        "type": "integer",
      },
      "has_more": Object {
        "description": "More branches follow: ask for the page in \`next\`",
        "type": "boolean",
      },
      "limit": Object {
        "type": "integer",
      },
      "next": Object {
        "description": "Arguments (with the same filters) that ask for the next branches",
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
      "note": Object {
        "description": "What was left out or changed, and how to get the rest",
        "type": "string",
      },
      "owner": Object {
        "type": "string",
      },
      "page": Object {
        "type": "integer",
      },
      "repo": Object {
        "type": "string",
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
        "description": "How many branches there are in all; null when Gitea did not say",
      },
      "truncated": Object {
        "description": "This page was cut to fit the response size limit; \`next\` continues right after the last one shown",
        "type": "boolean",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "default_branch",
      "branches",
      "page",
      "limit",
      "total",
      "has_more",
      "truncated",
    ],
    "type": "object",
  },
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
  "description": "Lists the commit history of a branch, tag or commit (default: the default branch), newest first, one page at a time: SHA, first line of the message, author and committer with dates, parents and web URL. Narrow it with \`path\` (only commits changing that file or directory) and with \`since\`/\`until\` (RFC 3339 times, by commit date). Use get_commit for one commit's full message and changed files, get_commit_diff for its changes. When \`has_more\` is true, call again with the \`next\` arguments.",
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
      "owner": Object {
        "description": "Owner of the repository: a Gitea user or organisation name, e.g. \\"acme\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "description": "Page number, starting at 1.",
        "minimum": 1,
        "type": "integer",
      },
      "path": Object {
        "description": "Directory inside the repository, relative to its root, e.g. \\"src/lib\\". Omit it (or pass \\"\\") for the root. No leading \\"/\\".",
        "maxLength": 4096,
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name without the owner, e.g. \\"platform\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "sha": Object {
        "description": "Branch, tag or commit SHA to list the history of (newest first), e.g. \\"main\\" or \\"v1.2.0\\". Omit it for the default branch.",
        "maxLength": 255,
        "minLength": 1,
        "type": "string",
      },
      "since": Object {
        "description": "Only commits committed at or after this time: RFC 3339, e.g. \\"2024-05-01T00:00:00Z\\".",
        "maxLength": 64,
        "minLength": 1,
        "type": "string",
      },
      "until": Object {
        "description": "Only commits committed at or before this time: RFC 3339, e.g. \\"2024-05-31T23:59:59+02:00\\".",
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
  "outputSchema": Object {
    "properties": Object {
      "commits": Object {
        "items": Object {
          "properties": Object {
            "author": Object {
              "properties": Object {
                "date": Object {
                  "description": "RFC 3339",
                  "type": "string",
                },
                "email": Object {
                  "type": "string",
                },
                "name": Object {
                  "type": "string",
                },
              },
              "required": Array [
                "name",
                "email",
                "date",
              ],
              "type": "object",
            },
            "committer": Object {
              "properties": Object {
                "date": Object {
                  "description": "RFC 3339",
                  "type": "string",
                },
                "email": Object {
                  "type": "string",
                },
                "name": Object {
                  "type": "string",
                },
              },
              "required": Array [
                "name",
                "email",
                "date",
              ],
              "type": "object",
            },
            "parents": Object {
              "description": "Parent SHAs (two or more for a merge)",
              "items": Object {
                "type": "string",
              },
              "type": "array",
            },
            "sha": Object {
              "description": "Full commit SHA: pass it as \`sha\` to get_commit or get_commit_diff",
              "type": "string",
            },
            "title": Object {
              "description": "First line of the commit message",
              "type": "string",
            },
            "url": Object {
              "description": "Web page of the commit in Gitea",
              "type": "string",
            },
          },
          "required": Array [
            "sha",
            "title",
            "author",
            "committer",
            "parents",
            "url",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in text from the repository, shown as [U+XXXX] escapes; absent when none",
        "type": "integer",
      },
      "has_more": Object {
        "description": "More commits follow: ask for the page in \`next\`",
        "type": "boolean",
      },
      "limit": Object {
        "type": "integer",
      },
      "next": Object {
        "description": "Arguments (with the same filters) that ask for the next commits",
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
      "note": Object {
        "description": "What was left out or changed, and how to get the rest",
        "type": "string",
      },
      "owner": Object {
        "type": "string",
      },
      "page": Object {
        "type": "integer",
      },
      "path": Object {
        "anyOf": Array [
          Object {
            "type": "string",
          },
          Object {
            "type": "null",
          },
        ],
        "description": "Only commits changing this file or directory; null for all",
      },
      "ref": Object {
        "description": "The branch, tag or commit whose history this is",
        "type": "string",
      },
      "repo": Object {
        "type": "string",
      },
      "since": Object {
        "anyOf": Array [
          Object {
            "type": "string",
          },
          Object {
            "type": "null",
          },
        ],
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
        "description": "How many commits there are in all; null when Gitea did not say",
      },
      "truncated": Object {
        "description": "This page was cut to fit the response size limit; \`next\` continues right after the last one shown",
        "type": "boolean",
      },
      "until": Object {
        "anyOf": Array [
          Object {
            "type": "string",
          },
          Object {
            "type": "null",
          },
        ],
      },
    },
    "required": Array [
      "owner",
      "repo",
      "ref",
      "path",
      "since",
      "until",
      "commits",
      "page",
      "limit",
      "total",
      "has_more",
      "truncated",
    ],
    "type": "object",
  },
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
  "description": "Lists the issues of a repository (not its pull requests: use list_pull_requests for those), newest first, one page at a time: number, title, state, author, labels, comment count, dates and web URL. Filter by \`state\` (\\"open\\" by default, \\"closed\\" or \\"all\\"), by \`labels\` (issues carrying all of them) and by \`query\` (words in the title, description or comments). When \`has_more\` is true, call again with the \`next\` arguments. Read one issue with its comments with get_issue.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "labels": Object {
        "description": "Comma-separated label names, e.g. \\"bug\\" or \\"bug,security\\": only issues carrying every one of them. Names as list_labels shows them.",
        "maxLength": 1000,
        "minLength": 1,
        "type": "string",
      },
      "limit": Object {
        "default": 30,
        "description": "Items per page, 1 to 50 (default 30).",
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "Owner of the repository: a Gitea user or organisation name, e.g. \\"acme\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "description": "Page number, starting at 1.",
        "minimum": 1,
        "type": "integer",
      },
      "query": Object {
        "description": "Words to look for in titles, descriptions and comments (Gitea's issue search), e.g. \\"login\\".",
        "maxLength": 256,
        "minLength": 1,
        "type": "string",
      },
      "repo": Object {
        "description": "Repository name without the owner, e.g. \\"platform\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "state": Object {
        "default": "open",
        "description": "Which to list: \\"open\\" (default), \\"closed\\" or \\"all\\".",
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
  "outputSchema": Object {
    "properties": Object {
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in text from the repository, shown as [U+XXXX] escapes; absent when none",
        "type": "integer",
      },
      "has_more": Object {
        "description": "More issues follow: ask for the page in \`next\`",
        "type": "boolean",
      },
      "issues": Object {
        "items": Object {
          "properties": Object {
            "author": Object {
              "description": "Login of who opened it",
              "type": "string",
            },
            "closed_at": Object {
              "anyOf": Array [
                Object {
                  "type": "string",
                },
                Object {
                  "type": "null",
                },
              ],
            },
            "comments": Object {
              "description": "Number of comments",
              "type": "integer",
            },
            "created_at": Object {
              "description": "ISO 8601",
              "type": "string",
            },
            "labels": Object {
              "items": Object {
                "type": "string",
              },
              "type": "array",
            },
            "number": Object {
              "type": "integer",
            },
            "state": Object {
              "enum": Array [
                "open",
                "closed",
              ],
            },
            "title": Object {
              "type": "string",
            },
            "updated_at": Object {
              "description": "ISO 8601",
              "type": "string",
            },
            "url": Object {
              "description": "Web page in Gitea",
              "type": "string",
            },
          },
          "required": Array [
            "number",
            "title",
            "state",
            "author",
            "labels",
            "comments",
            "created_at",
            "updated_at",
            "closed_at",
            "url",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "limit": Object {
        "type": "integer",
      },
      "next": Object {
        "description": "Arguments (with the same filters) that ask for the next issues",
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
      "note": Object {
        "description": "What was left out or changed, and how to get the rest",
        "type": "string",
      },
      "owner": Object {
        "type": "string",
      },
      "page": Object {
        "type": "integer",
      },
      "repo": Object {
        "type": "string",
      },
      "state": Object {
        "type": "string",
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
        "description": "How many issues there are in all; null when Gitea did not say",
      },
      "truncated": Object {
        "description": "This page was cut to fit the response size limit; \`next\` continues right after the last one shown",
        "type": "boolean",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "state",
      "issues",
      "page",
      "limit",
      "total",
      "has_more",
      "truncated",
    ],
    "type": "object",
  },
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
  "description": "Lists the labels of a repository, by name, one page at a time: name, color, description, and whether the label is exclusive (scoped) or archived. Use the names to filter list_issues by \`labels\`. When \`has_more\` is true, call again with the \`next\` arguments.",
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
      "owner": Object {
        "description": "Owner of the repository: a Gitea user or organisation name, e.g. \\"acme\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "description": "Page number, starting at 1.",
        "minimum": 1,
        "type": "integer",
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
  "name": "list_labels",
  "outputSchema": Object {
    "properties": Object {
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in text from the repository, shown as [U+XXXX] escapes; absent when none",
        "type": "integer",
      },
      "has_more": Object {
        "description": "More labels follow: ask for the page in \`next\`",
        "type": "boolean",
      },
      "labels": Object {
        "items": Object {
          "properties": Object {
            "archived": Object {
              "description": "Archived: kept on old issues, no longer offered for new ones",
              "type": "boolean",
            },
            "color": Object {
              "description": "Six hex digits, e.g. \\"ee0701\\"",
              "type": "string",
            },
            "description": Object {
              "type": "string",
            },
            "exclusive": Object {
              "description": "A scoped label (\\"scope/name\\"): an issue carries at most one of its scope",
              "type": "boolean",
            },
            "name": Object {
              "description": "Pass it in list_issues' \`labels\` to filter by it",
              "type": "string",
            },
          },
          "required": Array [
            "name",
            "color",
            "description",
            "exclusive",
            "archived",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "limit": Object {
        "type": "integer",
      },
      "next": Object {
        "description": "Arguments (with the same filters) that ask for the next labels",
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
      "note": Object {
        "description": "What was left out or changed, and how to get the rest",
        "type": "string",
      },
      "owner": Object {
        "type": "string",
      },
      "page": Object {
        "type": "integer",
      },
      "repo": Object {
        "type": "string",
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
        "description": "How many labels there are in all; null when Gitea did not say",
      },
      "truncated": Object {
        "description": "This page was cut to fit the response size limit; \`next\` continues right after the last one shown",
        "type": "boolean",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "labels",
      "page",
      "limit",
      "total",
      "has_more",
      "truncated",
    ],
    "type": "object",
  },
  "title": "List labels",
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
  "description": "Lists the pull requests of a repository, newest first, one page at a time: number, title, state, merged and draft flags, author, base and head branches, labels, comment count, dates and web URL. \`state\` is \\"open\\" by default, or \\"closed\\" (merged or not) or \\"all\\". When \`has_more\` is true, call again with the \`next\` arguments. Details and changed files: get_pull_request; the diff: get_pull_request_diff.",
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
      "owner": Object {
        "description": "Owner of the repository: a Gitea user or organisation name, e.g. \\"acme\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "description": "Page number, starting at 1.",
        "minimum": 1,
        "type": "integer",
      },
      "repo": Object {
        "description": "Repository name without the owner, e.g. \\"platform\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "state": Object {
        "default": "open",
        "description": "Which to list: \\"open\\" (default), \\"closed\\" or \\"all\\".",
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
  "outputSchema": Object {
    "properties": Object {
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in text from the repository, shown as [U+XXXX] escapes; absent when none",
        "type": "integer",
      },
      "has_more": Object {
        "description": "More pull requests follow: ask for the page in \`next\`",
        "type": "boolean",
      },
      "limit": Object {
        "type": "integer",
      },
      "next": Object {
        "description": "Arguments (with the same filters) that ask for the next pull requests",
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
      "note": Object {
        "description": "What was left out or changed, and how to get the rest",
        "type": "string",
      },
      "owner": Object {
        "type": "string",
      },
      "page": Object {
        "type": "integer",
      },
      "pull_requests": Object {
        "items": Object {
          "properties": Object {
            "author": Object {
              "description": "Login of who opened it",
              "type": "string",
            },
            "base": Object {
              "description": "Branch it merges into",
              "type": "string",
            },
            "closed_at": Object {
              "anyOf": Array [
                Object {
                  "type": "string",
                },
                Object {
                  "type": "null",
                },
              ],
            },
            "comments": Object {
              "description": "Number of comments",
              "type": "integer",
            },
            "created_at": Object {
              "description": "ISO 8601",
              "type": "string",
            },
            "draft": Object {
              "description": "Work in progress (title starting with \\"WIP:\\" or \\"[WIP]\\")",
              "type": "boolean",
            },
            "head": Object {
              "description": "Branch it brings in",
              "type": "string",
            },
            "labels": Object {
              "items": Object {
                "type": "string",
              },
              "type": "array",
            },
            "merged": Object {
              "type": "boolean",
            },
            "merged_at": Object {
              "anyOf": Array [
                Object {
                  "type": "string",
                },
                Object {
                  "type": "null",
                },
              ],
            },
            "number": Object {
              "type": "integer",
            },
            "state": Object {
              "enum": Array [
                "open",
                "closed",
              ],
            },
            "title": Object {
              "type": "string",
            },
            "updated_at": Object {
              "description": "ISO 8601",
              "type": "string",
            },
            "url": Object {
              "description": "Web page in Gitea",
              "type": "string",
            },
          },
          "required": Array [
            "number",
            "title",
            "state",
            "merged",
            "draft",
            "author",
            "base",
            "head",
            "labels",
            "comments",
            "created_at",
            "updated_at",
            "closed_at",
            "merged_at",
            "url",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "repo": Object {
        "type": "string",
      },
      "state": Object {
        "type": "string",
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
        "description": "How many pull requests there are in all; null when Gitea did not say",
      },
      "truncated": Object {
        "description": "This page was cut to fit the response size limit; \`next\` continues right after the last one shown",
        "type": "boolean",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "state",
      "pull_requests",
      "page",
      "limit",
      "total",
      "has_more",
      "truncated",
    ],
    "type": "object",
  },
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
  "description": "Lists the releases of a repository, newest first, one page at a time: tag, name, draft and pre-release flags, author, dates, web URL, downloadable assets and the release notes (up to 4000 bytes each). When \`has_more\` is true, call again with the \`next\` arguments. Read the code of a release with get_file_tree or get_file_contents and \`ref\` set to its tag.",
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
      "owner": Object {
        "description": "Owner of the repository: a Gitea user or organisation name, e.g. \\"acme\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "description": "Page number, starting at 1.",
        "minimum": 1,
        "type": "integer",
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
  "name": "list_releases",
  "outputSchema": Object {
    "properties": Object {
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in text from the repository, shown as [U+XXXX] escapes; absent when none",
        "type": "integer",
      },
      "has_more": Object {
        "description": "More releases follow: ask for the page in \`next\`",
        "type": "boolean",
      },
      "limit": Object {
        "type": "integer",
      },
      "next": Object {
        "description": "Arguments (with the same filters) that ask for the next releases",
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
      "note": Object {
        "description": "What was left out or changed, and how to get the rest",
        "type": "string",
      },
      "owner": Object {
        "type": "string",
      },
      "page": Object {
        "type": "integer",
      },
      "releases": Object {
        "items": Object {
          "properties": Object {
            "assets": Object {
              "items": Object {
                "properties": Object {
                  "download_url": Object {
                    "type": "string",
                  },
                  "name": Object {
                    "type": "string",
                  },
                  "size": Object {
                    "type": "integer",
                  },
                },
                "required": Array [
                  "name",
                  "size",
                  "download_url",
                ],
                "type": "object",
              },
              "type": "array",
            },
            "author": Object {
              "type": "string",
            },
            "created_at": Object {
              "description": "ISO 8601",
              "type": "string",
            },
            "draft": Object {
              "type": "boolean",
            },
            "name": Object {
              "type": "string",
            },
            "notes": Object {
              "description": "Release notes (Markdown)",
              "type": "string",
            },
            "notes_truncated": Object {
              "description": "The notes were longer than 4000 bytes; the release page has them whole",
              "type": "boolean",
            },
            "prerelease": Object {
              "type": "boolean",
            },
            "published_at": Object {
              "description": "ISO 8601",
              "type": "string",
            },
            "tag": Object {
              "description": "The git tag; pass it as \`ref\` to read the files of this release",
              "type": "string",
            },
            "target": Object {
              "description": "Branch or commit the tag was made from",
              "type": "string",
            },
            "url": Object {
              "description": "Web page of the release",
              "type": "string",
            },
          },
          "required": Array [
            "tag",
            "name",
            "draft",
            "prerelease",
            "author",
            "target",
            "created_at",
            "published_at",
            "url",
            "notes",
            "notes_truncated",
            "assets",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "repo": Object {
        "type": "string",
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
        "description": "How many releases there are in all; null when Gitea did not say",
      },
      "truncated": Object {
        "description": "This page was cut to fit the response size limit; \`next\` continues right after the last one shown",
        "type": "boolean",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "releases",
      "page",
      "limit",
      "total",
      "has_more",
      "truncated",
    ],
    "type": "object",
  },
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
        "description": "Arguments (with the same filters) that ask for the next repositories",
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
        "description": "How many repositories there are in all; null when Gitea did not say",
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

exports[`test/lib/tools/tool-snapshots.test.ts > TAP > tool descriptors > list_tags 1`] = `
Object {
  "annotations": Object {
    "destructiveHint": false,
    "idempotentHint": true,
    "openWorldHint": false,
    "readOnlyHint": true,
    "title": "List tags",
  },
  "description": "Lists the tags of a repository (usually its releases, e.g. \\"v1.2.0\\"), newest first, one page at a time. Each tag shows the commit it points at, whether it is annotated, its message and date, and its web URL. Use a tag name as \`ref\` for get_file_tree or get_file_contents, or as \`base\`/\`head\` for compare_refs to see what changed between two releases. When \`has_more\` is true, call again with the \`next\` arguments.",
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
      "owner": Object {
        "description": "Owner of the repository: a Gitea user or organisation name, e.g. \\"acme\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "description": "Page number, starting at 1.",
        "minimum": 1,
        "type": "integer",
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
  "name": "list_tags",
  "outputSchema": Object {
    "properties": Object {
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in text from the repository, shown as [U+XXXX] escapes; absent when none",
        "type": "integer",
      },
      "has_more": Object {
        "description": "More tags follow: ask for the page in \`next\`",
        "type": "boolean",
      },
      "limit": Object {
        "type": "integer",
      },
      "next": Object {
        "description": "Arguments (with the same filters) that ask for the next tags",
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
      "note": Object {
        "description": "What was left out or changed, and how to get the rest",
        "type": "string",
      },
      "owner": Object {
        "type": "string",
      },
      "page": Object {
        "type": "integer",
      },
      "repo": Object {
        "type": "string",
      },
      "tags": Object {
        "items": Object {
          "properties": Object {
            "annotated": Object {
              "description": "An annotated tag (with its own message, tagger and date); false for a lightweight tag",
              "type": "boolean",
            },
            "commit_sha": Object {
              "description": "The commit the tag points at",
              "type": "string",
            },
            "date": Object {
              "description": "Tagger date of an annotated tag, commit date of a lightweight one (RFC 3339)",
              "type": "string",
            },
            "message": Object {
              "description": "The tag's message (the commit's for a lightweight tag), at most 1000 characters",
              "type": "string",
            },
            "name": Object {
              "description": "Pass it as \`ref\` (or \`sha\`, \`base\`, \`head\`) to the other tools",
              "type": "string",
            },
            "tag_sha": Object {
              "anyOf": Array [
                Object {
                  "type": "string",
                },
                Object {
                  "type": "null",
                },
              ],
              "description": "SHA of the annotated tag object; null for a lightweight tag",
            },
            "url": Object {
              "description": "Web page of the tagged tree in Gitea",
              "type": "string",
            },
          },
          "required": Array [
            "name",
            "commit_sha",
            "annotated",
            "tag_sha",
            "message",
            "date",
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
        "description": "How many tags there are in all; null when Gitea did not say",
      },
      "truncated": Object {
        "description": "This page was cut to fit the response size limit; \`next\` continues right after the last one shown",
        "type": "boolean",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "tags",
      "page",
      "limit",
      "total",
      "has_more",
      "truncated",
    ],
    "type": "object",
  },
  "title": "List tags",
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
  "description": "Searches the Gitea repositories this server can read: repository names and descriptions, issues and pull requests (titles first, also their text and comments; open and closed, up to 10), and file paths (not file contents) in the default branch of up to 10 repositories (those matching the query, then the most recently updated). Every word of the query must appear, ignoring case: use short words from names, e.g. \\"auth\\", \\"docker compose\\" or \\"README\\". Returns up to 20 results, repositories first, then issues and pull requests, then files, each with an id, a title and a web URL. Ids: \\"owner/repo\\" for a repository, \\"owner/repo#N\\" for issue N, \\"owner/repo!N\\" for pull request N, \\"owner/repo@ref:path\\" for a file. Pass an id to \`fetch\` to read the repository summary (with its README), the issue or pull request with its comments, or the file. For a full listing use list_repositories, list_issues, list_pull_requests and get_file_tree instead.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "query": Object {
        "description": "Words to look for in repository names and descriptions, issue and pull request titles and text, and file paths, e.g. \\"platform\\", \\"rate limit\\" or \\"src/auth\\". Every word must appear; case is ignored.",
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
              "description": "Pass to \`fetch\` to read the document: \\"owner/repo\\" (repository), \\"owner/repo@ref:path\\" (file), \\"owner/repo#N\\" (issue), \\"owner/repo!N\\" (pull request)",
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
  "description": "Finds text in the files of one repository at a branch, tag or commit (default: the default branch), e.g. where \`parseConfig\` is used or defined. Plain substring match within a line, ignoring case unless \`case_sensitive\`; narrow it to a directory with \`path\`. Returns matching files in path order with line numbers and short snippets (up to 5 lines per file; \`match_count\` has them all), 20 files a page. Searches text files only, up to 256.0 KiB each, 5000 files and 16.0 MiB per repository (\`skipped\` and \`complete\` say what was left out); a repeated search of the same commit is served from a cache. Read a hit with get_file_contents (path, \`ref\` = commit_sha, start_line). To find files by name, use search or get_file_tree.",
  "inputSchema": Object {
    "additionalProperties": false,
    "properties": Object {
      "case_sensitive": Object {
        "default": false,
        "description": "Match upper and lower case exactly (default false).",
        "type": "boolean",
      },
      "limit": Object {
        "default": 20,
        "description": "Files per page, 1 to 50 (default 20).",
        "maximum": 50,
        "minimum": 1,
        "type": "integer",
      },
      "owner": Object {
        "description": "Owner of the repository: a Gitea user or organisation name, e.g. \\"acme\\" in \\"acme/platform\\".",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "type": "string",
      },
      "page": Object {
        "default": 1,
        "description": "Page of results (files), starting at 1.",
        "minimum": 1,
        "type": "integer",
      },
      "path": Object {
        "description": "Only search this directory (or this one file), e.g. \\"src/billing\\". Omit it for the whole repository.",
        "maxLength": 4096,
        "type": "string",
      },
      "query": Object {
        "description": "Text to find in file contents, e.g. \\"parseConfig\\" or \\"TODO(auth)\\": a plain substring (no regular expressions), matched within one line, ignoring case unless \`case_sensitive\`.",
        "maxLength": 200,
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
    },
    "required": Array [
      "owner",
      "repo",
      "query",
    ],
    "type": "object",
  },
  "name": "search_code",
  "outputSchema": Object {
    "properties": Object {
      "cached": Object {
        "description": "The files came from the cache of an earlier search of the same commit",
        "type": "boolean",
      },
      "case_sensitive": Object {
        "type": "boolean",
      },
      "commit_sha": Object {
        "description": "The commit it resolved to: pass it as \`ref\` to get_file_contents to read exactly what was searched",
        "type": "string",
      },
      "complete": Object {
        "description": "Every text file in scope within the per-file limit was searched",
        "type": "boolean",
      },
      "escaped_characters": Object {
        "description": "Invisible Unicode characters (tag, bidirectional, zero-width) in text from the repository, shown as [U+XXXX] escapes; absent when none",
        "type": "integer",
      },
      "has_more": Object {
        "description": "More matching files follow: ask for the page in \`next\`",
        "type": "boolean",
      },
      "limit": Object {
        "type": "integer",
      },
      "next": Object {
        "description": "Arguments (with the same query) that ask for the next files",
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
      "note": Object {
        "description": "What was left out or changed, and how to get the rest",
        "type": "string",
      },
      "owner": Object {
        "type": "string",
      },
      "page": Object {
        "type": "integer",
      },
      "path": Object {
        "anyOf": Array [
          Object {
            "type": "string",
          },
          Object {
            "type": "null",
          },
        ],
        "description": "The directory searched; null for the whole repository",
      },
      "query": Object {
        "type": "string",
      },
      "ref": Object {
        "description": "The branch, tag or commit searched",
        "type": "string",
      },
      "repo": Object {
        "type": "string",
      },
      "results": Object {
        "items": Object {
          "properties": Object {
            "match_count": Object {
              "description": "Lines of this file that match",
              "type": "integer",
            },
            "matches": Object {
              "description": "The first 5 matching lines",
              "items": Object {
                "properties": Object {
                  "line": Object {
                    "description": "Line number (1-based): pass it as \`start_line\` to get_file_contents",
                    "type": "integer",
                  },
                  "text": Object {
                    "description": "The line, or at most 200 characters of it around the match (\\"…\\" where cut)",
                    "type": "string",
                  },
                },
                "required": Array [
                  "line",
                  "text",
                ],
                "type": "object",
              },
              "type": "array",
            },
            "path": Object {
              "type": "string",
            },
            "url": Object {
              "description": "Web page of the file at the commit searched",
              "type": "string",
            },
          },
          "required": Array [
            "path",
            "url",
            "match_count",
            "matches",
          ],
          "type": "object",
        },
        "type": "array",
      },
      "searched": Object {
        "properties": Object {
          "bytes": Object {
            "type": "integer",
          },
          "files": Object {
            "description": "Text files searched",
            "type": "integer",
          },
        },
        "required": Array [
          "files",
          "bytes",
        ],
        "type": "object",
      },
      "skipped": Object {
        "description": "Files not searched, by reason",
        "properties": Object {
          "binary": Object {
            "description": "Binary files, or text not in UTF-8",
            "type": "integer",
          },
          "over_limit": Object {
            "description": "Files past the limits on files or bytes searched per repository",
            "type": "integer",
          },
          "too_large": Object {
            "description": "Files over the per-file limit",
            "type": "integer",
          },
          "unreadable": Object {
            "type": "integer",
          },
        },
        "required": Array [
          "too_large",
          "binary",
          "over_limit",
          "unreadable",
        ],
        "type": "object",
      },
      "total_files": Object {
        "description": "Files that match, in all",
        "type": "integer",
      },
      "total_matches": Object {
        "description": "Matching lines, in all",
        "type": "integer",
      },
      "truncated": Object {
        "description": "This page was cut to fit the response size limit; \`next\` continues right after the last file shown",
        "type": "boolean",
      },
    },
    "required": Array [
      "owner",
      "repo",
      "ref",
      "commit_sha",
      "query",
      "case_sensitive",
      "path",
      "results",
      "total_files",
      "total_matches",
      "page",
      "limit",
      "has_more",
      "truncated",
      "searched",
      "skipped",
      "complete",
      "cached",
    ],
    "type": "object",
  },
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
]
`
