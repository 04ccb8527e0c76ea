// The Hub's pre-receive checks, as a git hook: a push is refused when a commit it brings holds a
// file over 10 MiB or a binary file that is not an LFS pointer, with the Hub's kind of message
// naming the files. Run by git receive-pack (`node prereceive.mjs`, commands on stdin);
// `node prereceive.mjs --install BARE_REPO` installs it into any bare repository (the tests put
// it behind a real web server too, to compare).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const ZERO = /^0+$/;
const LFS_POINTER = Buffer.from("version https://git-lfs.github.com/spec/v1");

export function installHook(bareRepo) {
  const hook = path.join(bareRepo, "hooks", "pre-receive");
  fs.mkdirSync(path.dirname(hook), { recursive: true });
  fs.writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${fileURLToPath(import.meta.url)}"\n`, { mode: 0o755 });
}

function git(args, input) {
  return execFileSync("git", args, { input, maxBuffer: 1 << 30 });
}

// Every blob the pushed commits bring that the repository does not have yet: [{oid, path, size}].
function newBlobs(newOid) {
  const listed = git(["rev-list", "--objects", newOid, "--not", "--all"]).toString("utf8");
  const withPath = listed.split("\n").filter((l) => l.includes(" "));
  if (withPath.length === 0) return [];
  const paths = new Map(withPath.map((l) => [l.slice(0, l.indexOf(" ")), l.slice(l.indexOf(" ") + 1)]));
  const checked = git(["cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)"], [...paths.keys()].join("\n") + "\n");
  return checked
    .toString("utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split(" "))
    .filter(([, type]) => type === "blob")
    .map(([oid, , size]) => ({ oid, path: paths.get(oid), size: Number(size) }));
}

// git's own test for binary content: a NUL in the first 8,000 bytes. LFS pointers are text.
function isBinary(oid) {
  const content = git(["cat-file", "blob", oid]);
  const head = content.subarray(0, 8000);
  return !head.subarray(0, LFS_POINTER.length).equals(LFS_POINTER) && head.includes(0);
}

function refuse(reason, advice, offending) {
  const lines = [
    "-------------------------------------------------------------------------",
    `Your push was rejected because it contains ${reason}.`,
    advice,
    "See also: https://hf.co/docs/hub/repositories-getting-started#terminal",
    "",
    "Offending files:",
    ...offending.map((o) => `  - ${o.path} (ref: ${o.ref})`),
    "-------------------------------------------------------------------------",
  ];
  process.stderr.write(lines.join("\n") + "\n");
}

function main() {
  const input = fs.readFileSync(0, "utf8");
  const large = [];
  const binary = [];
  for (const line of input.split("\n").filter(Boolean)) {
    const [, newOid, ref] = line.split(" ");
    if (ZERO.test(newOid)) continue; // a deleted branch brings no files
    for (const blob of newBlobs(newOid)) {
      if (blob.size > MAX_FILE_BYTES) large.push({ ...blob, ref });
      else if (isBinary(blob.oid)) binary.push({ ...blob, ref });
    }
  }
  if (large.length)
    refuse("files larger than 10 MiB", "Please use https://git-lfs.github.com/ to store large files.", large);
  else if (binary.length)
    refuse("binary files", "Please use https://huggingface.co/docs/hub/xet to store binary files.", binary);
  process.exit(large.length || binary.length ? 1 : 0);
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && path.resolve(process.argv[1]) === self) {
  if (process.argv[2] === "--install") installHook(process.argv[3]);
  else main();
}
