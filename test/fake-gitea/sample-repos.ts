// Git histories of the smaller sample repositories: Acme's website, handbook
// and infrastructure, the bot's notes, a colleague's public snippets, another
// company's private plans, and a generated monorepo for benchmarks.

import { GitHistory, signature } from './data.js'
import { logoPng } from './generated-content.js'
import { importGuidelines } from './sample-guidelines.js'
import { alice, bob } from './sample-platform.js'

const hank = (at: string): ReturnType<typeof signature> => signature('Hank Scorpio', 'hank@globex.example', at, -480)
const bot = (at: string): ReturnType<typeof signature> => signature('Aegis MCP bot', 'aegis-bot@acme.example', at, 0)

export function websiteHistory (): GitHistory {
  const h = new GitHistory()
  h.commit({
    branch: 'main',
    author: alice('2023-11-20T10:31:08'),
    message: 'Initial Hugo site',
    files: {
      'README.md': '# acme.example\n\nThe public website, built with [Hugo](https://gohugo.io).\n\n```sh\nhugo server   # http://localhost:1313\n```\n\nPushing to `main` publishes the site within five minutes.\n',
      'config.toml': 'baseURL = "https://acme.example/"\nlanguageCode = "en-gb"\ntitle = "Acme"\n\n[params]\n  description = "Ordering and billing for growing shops"\n',
      'content/_index.md': '---\ntitle: "Acme"\n---\n\nOrdering and billing for growing shops, from Lisbon since 2019.\n',
      'layouts/_default/baseof.html': '<!doctype html>\n<html lang="{{ .Site.LanguageCode }}">\n<head>\n  <meta charset="utf-8">\n  <title>{{ .Title }} | {{ .Site.Title }}</title>\n  <link rel="stylesheet" href="/css/site.css">\n</head>\n<body>\n  <main>{{ block "main" . }}{{ end }}</main>\n</body>\n</html>\n',
      'static/css/site.css': 'body {\n  font-family: system-ui, sans-serif;\n  max-width: 42rem;\n  margin: 2rem auto;\n  color: #1d1d1f;\n}\n\na { color: #e85d04; }\n'
    }
  })
  h.commit({
    branch: 'main',
    author: bob('2024-01-30T15:02:45'),
    message: 'Add about page and logo',
    files: {
      'content/about.md': '---\ntitle: "About us"\n---\n\nAcme is twelve people in Lisbon and Berlin building the ordering and\nbilling platform our customers run their shops on.\n',
      'static/img/logo.png': logoPng()
    }
  })
  h.commit({
    branch: 'main',
    author: alice('2024-05-07T09:15:00', 60),
    message: 'Blog: Platform 1.1 released',
    files: {
      'content/blog/2024-05-platform-1-1.md': '---\ntitle: "Platform 1.1 is out"\ndate: 2024-05-07\n---\n\nInvoices with many lines now get exactly the VAT you expect, to the cent.\n'
    }
  })
  return h
}

export function handbookHistory (): GitHistory {
  const h = new GitHistory()
  h.commit({
    branch: 'main',
    author: alice('2023-10-02T08:45:10', 60),
    message: 'Start the handbook',
    files: {
      'README.md': '# Acme handbook\n\nHow we work. Everyone can propose changes with a pull request.\n\n- [Your first week](onboarding/first-week.md)\n- [Accounts and access](onboarding/accounts-and-access.md)\n- [Code review](engineering/code-review.md)\n- [Incident response](engineering/incident-response.md)\n- [Password policy](security/password-policy.md)\n',
      'onboarding/first-week.md': '# Your first week\n\n1. Monday: laptop, accounts, coffee with your buddy.\n2. Tuesday: read the platform architecture notes and run it locally.\n3. Wednesday to Friday: pick a `good first issue` and ship it.\n',
      'onboarding/accounts-and-access.md': '# Accounts and access\n\n- Gitea: ask IT to add you to the `Developers` team of the `acme` org.\n- VPN: WireGuard config from the infra repo, one key per laptop.\n- Production access is granted after your first on-call shadow week.\n',
      'engineering/code-review.md': '# Code review\n\n- Review within one working day.\n- Ask questions rather than give orders.\n- Approve when it is better than before, not when it is perfect.\n',
      'security/password-policy.md': '# Password policy\n\n- Use the company password manager; never reuse a password.\n- At least 14 characters, or a passphrase of four or more words.\n- Two-factor authentication is mandatory on Gitea and the VPN.\n'
    }
  })
  h.commit({
    branch: 'main',
    author: bob('2024-03-18T11:26:40'),
    message: 'Add incident response and on-call pages',
    files: {
      'engineering/incident-response.md': '# Incident response\n\n1. Acknowledge the page and open a thread in #incidents.\n2. Mitigate first, investigate later.\n3. Write the post-mortem within five working days; no blame.\n',
      'engineering/on-call.md': '# On-call\n\nOne week at a time, Monday 10:00 to Monday 10:00. Paid as an extra half day\nper week. Swap shifts freely, but update the PagerDuty schedule.\n'
    }
  })
  h.commit({
    branch: 'main',
    author: alice('2024-12-02T09:00:00'),
    message: 'Add 2025 public holidays',
    files: {
      'people/holidays-2025.md': '# Public holidays 2025\n\n| Date | Lisbon | Berlin |\n| --- | --- | --- |\n| 1 Jan | yes | yes |\n| 18 Apr | yes | yes |\n| 25 Apr | yes | no |\n| 1 May | yes | yes |\n| 10 Jun | yes | no |\n| 3 Oct | no | yes |\n| 25 Dec | yes | yes |\n'
    }
  })
  importGuidelines(h)
  return h
}

export function infraHistory (): GitHistory {
  const h = new GitHistory()
  h.commit({
    branch: 'main',
    author: bob('2024-02-12T10:10:10'),
    message: 'Terraform for the production network and database',
    files: {
      'README.md': '# acme/infra\n\nTerraform for cloud resources, Ansible for the few servers we run ourselves\n(including this Gitea).\n\n```sh\ncd terraform && terraform plan\n```\n',
      'terraform/main.tf': 'terraform {\n  required_version = ">= 1.6"\n  backend "s3" {\n    bucket = "acme-terraform-state"\n    key    = "production/terraform.tfstate"\n    region = "eu-west-1"\n  }\n}\n\nmodule "postgres" {\n  source        = "./modules/postgres"\n  instance_type = var.db_instance_type\n}\n',
      'terraform/variables.tf': 'variable "db_instance_type" {\n  description = "Instance class of the production database"\n  type        = string\n  default     = "db.t4g.medium"\n}\n',
      'terraform/modules/postgres/main.tf': 'variable "instance_type" { type = string }\n\nresource "aws_db_instance" "platform" {\n  engine              = "postgres"\n  engine_version      = "16.2"\n  instance_class      = var.instance_type\n  allocated_storage   = 100\n  deletion_protection = true\n}\n'
    }
  })
  h.commit({
    branch: 'main',
    author: alice('2024-06-10T14:30:00', 60),
    message: 'Add Ansible playbook for the Gitea server',
    files: {
      'ansible/gitea.yml': '- hosts: gitea\n  become: true\n  roles:\n    - role: gitea\n      vars:\n        gitea_version: "1.26.3"\n        gitea_root_url: "https://git.acme.example/"\n'
    }
  })
  return h
}

export function notesHistory (): GitHistory {
  const h = new GitHistory()
  h.commit({
    branch: 'main',
    author: bot('2024-06-10T12:00:00'),
    message: 'Describe what this account is for',
    files: {
      'README.md': '# aegis-bot\n\nService account used by the Aegis MCP server to give the AI assistant\nread-only access to Acme\'s repositories.\n\n- Member of the `Bots` team of `acme` (read access only).\n- Its token has read scopes only; rotate it every 90 days.\n',
      'rotation-log.md': '# Token rotation log\n\n| Date | By | Note |\n| --- | --- | --- |\n| 2024-06-10 | alice | first token |\n'
    }
  })
  return h
}

export function snippetsHistory (): GitHistory {
  const h = new GitHistory()
  h.commit({
    branch: 'main',
    author: alice('2023-06-01T19:22:03', 60),
    message: 'Add retry helper and Postgres backup script',
    files: {
      'README.md': '# public-snippets\n\nSmall things I keep copying between projects. MIT licensed.\n',
      LICENSE: 'MIT License\n\nCopyright (c) 2023 Alice Nguyen\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the "Software"), to deal\nin the Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\nIMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\nFITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\nAUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\nLIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\nOUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\nSOFTWARE.\n',
      'python/retry.py': 'import random\nimport time\n\n\ndef retry(fn, attempts=5, base=0.2):\n    """Call fn, retrying with jittered exponential backoff."""\n    for attempt in range(attempts):\n        try:\n            return fn()\n        except Exception:\n            if attempt == attempts - 1:\n                raise\n            time.sleep(base * 2 ** attempt * random.uniform(0.5, 1.5))\n',
      'shell/pg-backup.sh': { executable: '#!/bin/sh\n# Nightly logical backup, kept for 14 days.\nset -eu\npg_dump --format=custom "$DATABASE_URL" > "backup-$(date +%F).dump"\nfind . -name "backup-*.dump" -mtime +14 -delete\n' }
    }
  })
  return h
}

export function secretPlansHistory (): GitHistory {
  const h = new GitHistory()
  h.commit({
    branch: 'main',
    author: hank('2024-03-01T07:00:00'),
    message: 'Project Hammock',
    files: {
      'README.md': '# Project Hammock\n\nConfidential. Globex employees only.\n',
      'plans/phase-1.md': '# Phase 1\n\nAcquire a controlling interest in the hammock district.\n'
    }
  })
  return h
}

/**
 * A monorepo with `fileCount` small TypeScript files spread over packages and
 * nested directories, in one commit (builds 2000 files in well under a second).
 */
export function monorepoHistory (fileCount: number): GitHistory {
  const files: Record<string, string> = {
    'README.md': `# acme/monorepo\n\nAll of Acme's shared packages (${fileCount} source files).\n`,
    'package.json': '{\n  "name": "@acme/monorepo",\n  "private": true,\n  "workspaces": ["packages/*"]\n}\n'
  }
  for (let i = 0; i < fileCount; i++) {
    const pkg = `pkg-${String(i % 24).padStart(2, '0')}`
    const dir = ['core', 'adapters', 'util', 'internal/cache', 'internal/codec'][Math.floor(i / 24) % 5] as string
    const name = `module-${String(i).padStart(5, '0')}.ts`
    files[`packages/${pkg}/src/${dir}/${name}`] =
      `// ${pkg}/${dir}/${name}\nexport const id${i} = ${i}\n\nexport function describe${i} (): string {\n  return 'module ${i} of ${pkg}'\n}\n`
  }
  const h = new GitHistory()
  h.commit({ branch: 'main', author: bob('2024-06-20T08:00:00', 120), message: 'Import shared packages into the monorepo', files })
  return h
}
