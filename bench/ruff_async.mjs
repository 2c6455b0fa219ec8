#!/usr/bin/env node
// ruff_async.mjs: the comparison point of bench/corpus_bench.sh.
//
// Runs ruff's flake8-async rules (select = ["ASYNC"], nothing else) through
// the npm package @astral-sh/ruff-wasm-nodejs: one Workspace, Workspace.check
// once per file, sequentially, over a list of files. Prints two lines:
//
//   files=N diagnostics=N async=N syntax_errors=N syntax_error_files=N
//   rejected=N seconds=S load_seconds=S ruff=VERSION
//   codes CODE=N CODE=N ...            (ASYNC diagnostics per code, most first)
//
//   files          files that were checked (rejected ones not included)
//   diagnostics    all diagnostics returned (ASYNC + invalid-syntax)
//   async          diagnostics whose code starts with ASYNC
//   syntax_errors  diagnostics without a rule code ("invalid-syntax")
//   rejected       files that could not be read or on which check() threw;
//                  each is named on stderr, and the run goes on
//   seconds        wall time of the read + check loop
//   load_seconds   time to load/compile the wasm module and create the Workspace
//   pass_seconds   (only with --passes N > 1) seconds of each pass, comma-separated
//
// Usage:
//   node bench/ruff_async.mjs [--node-modules DIR] [--target-version pyXY]
//                             [--passes N] [--files-from LIST|-] [FILE...]
//
//   --node-modules DIR   node_modules folder that holds @astral-sh/ruff-wasm-nodejs
//                        (default: $RUFF_WASM_NODE_MODULES, else
//                        build/bench-node/node_modules under the current directory;
//                        bench/corpus_bench.sh installs it there)
//   --target-version V   ruff's target-version (e.g. py311); default: ruff's own
//                        (if ruff rejects V, a warning is printed and its default used)
//   --files-from LIST    paths, one per line ("-" = stdin)
//   --passes N           check the whole list N times in this one process (default
//                        1); counts and `seconds` are those of the first, cold pass;
//                        pass_seconds lists every pass, so the later ones show the
//                        warm speed once V8 has tiered the wasm code up
//   with neither --files-from nor FILE, paths are read from stdin.
//
// Files are read as UTF-8 (invalid bytes become U+FFFD, as ruff needs a string).
// Exit status: 0 normally (rejected files do not change it), 1 if the package
// cannot be loaded or the Workspace cannot be created, 2 on a usage error.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const PKG = '@astral-sh/ruff-wasm-nodejs';

function usage(code) {
  process.stderr.write(
    'usage: node ruff_async.mjs [--node-modules DIR] [--target-version pyXY] ' +
      '[--passes N] [--files-from LIST|-] [FILE...]\n');
  process.exit(code);
}

function readList(file) {
  const text = file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.length > 0);
}

let nodeModules = process.env.RUFF_WASM_NODE_MODULES ||
  path.resolve('build', 'bench-node', 'node_modules');
let targetVersion = null;
let passes = 1;
const paths = [];
let anySource = false;

const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '-h' || a === '--help') usage(0);
  else if (a === '--node-modules' || a === '--target-version' || a === '--files-from' ||
           a === '--passes') {
    if (i + 1 >= argv.length) usage(2);
    const v = argv[++i];
    if (a === '--node-modules') nodeModules = path.resolve(v);
    else if (a === '--target-version') targetVersion = v;
    else if (a === '--passes') {
      passes = Number(v);
      if (!Number.isInteger(passes) || passes < 1) usage(2);
    }
    else {
      try {
        paths.push(...readList(v));
      } catch (e) {
        process.stderr.write(`ruff_async: cannot read list ${v}: ${e.message}\n`);
        process.exit(2);
      }
      anySource = true;
    }
  } else if (a.startsWith('-') && a !== '-') {
    process.stderr.write(`ruff_async: unknown option ${a}\n`);
    usage(2);
  } else {
    paths.push(a);
    anySource = true;
  }
}
if (!anySource) paths.push(...readList('-'));

const options = { lint: { select: ['ASYNC'] } };
if (targetVersion) options['target-version'] = targetVersion;

// Loads (or, after a wasm trap, reloads) the package and makes a Workspace.
const req = createRequire(path.join(nodeModules, 'noop.js'));
let ruff = null;
let ws = null;
function load(fresh) {
  if (fresh) {
    // A trap (Rust panic -> `unreachable`) may leave the wasm instance in a
    // broken state: drop the cached module so require() instantiates it anew.
    const resolved = req.resolve(PKG);
    delete req.cache[resolved];
  }
  ruff = req(PKG);
  try {
    ws = new ruff.Workspace(options, ruff.PositionEncoding.Utf8);
  } catch (e) {
    // e.g. a target-version this ruff does not know yet: fall back to its default.
    if (!options['target-version']) throw e;
    process.stderr.write(`ruff_async: ${e && e.message}; using ruff's default target-version\n`);
    delete options['target-version'];
    ws = new ruff.Workspace(options, ruff.PositionEncoding.Utf8);
  }
}

const l0 = performance.now();
try {
  load(false);
} catch (e) {
  process.stderr.write(`ruff_async: cannot load ${PKG} from ${nodeModules}: ${e && e.message}\n`);
  process.exit(1);
}
const loadSeconds = (performance.now() - l0) / 1000;

let files = 0, diagnostics = 0, asyncCount = 0, syntaxErrors = 0, syntaxErrorFiles = 0;
let rejected = 0;
const codes = new Map();

// One pass over the list; only the first pass (count === true) is counted.
function pass(count) {
  for (const p of paths) {
    let src;
    try {
      src = fs.readFileSync(p, 'utf8');
    } catch (e) {
      if (count) {
        process.stderr.write(`ruff_async: cannot read ${p}: ${e.message}\n`);
        rejected++;
      }
      continue;
    }
    let diags;
    try {
      diags = ws.check(src);
    } catch (e) {
      if (count) {
        const msg = e && e.message ? e.message : String(e);
        process.stderr.write(`ruff_async: check rejected ${p}: ${msg.split('\n')[0]}\n`);
        rejected++;
      }
      if (e instanceof WebAssembly.RuntimeError) {
        try {
          load(true);
        } catch (e2) {
          process.stderr.write(`ruff_async: cannot reload ${PKG}: ${e2 && e2.message}\n`);
          process.exit(1);
        }
      }
      continue;
    }
    if (!count) continue;
    files++;
    let fileSyntax = 0;
    for (const d of diags) {
      diagnostics++;
      const code = d.code;
      if (typeof code === 'string' && code.startsWith('ASYNC')) {
        asyncCount++;
        codes.set(code, (codes.get(code) || 0) + 1);
      } else {
        fileSyntax++;
      }
    }
    syntaxErrors += fileSyntax;
    if (fileSyntax) syntaxErrorFiles++;
  }
}

const passSeconds = [];
for (let i = 0; i < passes; i++) {
  const t0 = performance.now();
  pass(i === 0);
  passSeconds.push((performance.now() - t0) / 1000);
}
const seconds = passSeconds[0];

process.stdout.write(
  `files=${files} diagnostics=${diagnostics} async=${asyncCount} ` +
    `syntax_errors=${syntaxErrors} syntax_error_files=${syntaxErrorFiles} ` +
    `rejected=${rejected} seconds=${seconds.toFixed(3)} ` +
    `load_seconds=${loadSeconds.toFixed(3)} ruff=${ruff.Workspace.version()}` +
    (passes > 1 ? ` pass_seconds=${passSeconds.map((x) => x.toFixed(3)).join(',')}` : '') +
    '\n');
const sorted = [...codes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
process.stdout.write(`codes ${sorted.map(([c, n]) => `${c}=${n}`).join(' ')}\n`);
