#!/usr/bin/env node
// A command line over the official @huggingface/hub client, for HAWKMOTH's interop tests and the
// hub benchmark: what HAWKMOTH uploads it downloads, and what it uploads HAWKMOTH pulls.
// usage: node hfclient.mjs --endpoint URL --token T [--type dataset|model|space] COMMAND ...
//   create-repo REPO                      (REPO = namespace/name, a dataset unless --type)
//   upload REPO DIR [--prefix P]          every file below DIR at its relative path, one commit
//   download REPO PATH OUT                byte for byte into OUT
//   download-all REPO OUTDIR              every file at its path below OUTDIR (the hub benchmark's
//                                         peer): listFiles, then downloadFile for each, four at a
//                                         time, each body streamed to disk as it arrives
//   list REPO                             JSON [{path, size, oid, lfsOid}]
//   delete REPO PATH
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

const require = createRequire(import.meta.url);
const hub = require("@huggingface/hub");

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const hubUrl = option("--endpoint", process.env.HF_ENDPOINT);
const accessToken = option("--token", process.env.HF_TOKEN);
const prefix = option("--prefix", "");
const type = option("--type", "dataset");
const [command, repoName, ...rest] = args;
const repo = { type, name: repoName };
const opts = { hubUrl, accessToken, repo };

function walk(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full, base) : [path.relative(base, full)];
  });
}

try {
  switch (command) {
    case "create-repo":
      console.log(JSON.stringify(await hub.createRepo({ ...opts, private: true })));
      break;
    case "upload": {
      const dir = rest[0];
      const files = [];
      let bytes = 0;
      for (const rel of walk(dir)) {
        // fs.openAsBlob streams from disk: the official client's way to upload large files.
        const blob = await fs.openAsBlob(path.join(dir, rel));
        bytes += blob.size;
        files.push({ path: path.posix.join(prefix, rel.split(path.sep).join("/")), content: blob });
      }
      const started = Date.now();
      const out = await hub.uploadFiles({ ...opts, files, commitTitle: `upload ${files.length} files` });
      console.log(JSON.stringify({ commit: out.commit.oid, files: files.length, bytes, ms: Date.now() - started }));
      break;
    }
    case "download": {
      const blob = await hub.downloadFile({ ...opts, path: rest[0] });
      if (!blob) throw Object.assign(new Error(`${rest[0]} does not exist`), { statusCode: 404 });
      fs.writeFileSync(rest[1], Buffer.from(await blob.arrayBuffer()));
      break;
    }
    case "download-all": {
      // A fixed concurrency of 4, as a script using the client would pick (the client has no
      // multi-file download of its own); the Blob's stream() is the response body, so nothing is
      // held in memory whole.
      const outDir = rest[0];
      const files = [];
      for await (const f of hub.listFiles({ ...opts, recursive: true })) if (f.type === "file") files.push(f);
      const started = Date.now();
      let next = 0;
      let bytes = 0;
      const worker = async () => {
        while (next < files.length) {
          const f = files[next++];
          const blob = await hub.downloadFile({ ...opts, path: f.path });
          if (!blob) throw Object.assign(new Error(`${f.path} does not exist`), { statusCode: 404 });
          if (f.path.split("/").some((part) => part === ".." || part === ""))
            throw new Error(`refusing the path ${f.path}`);
          const out = path.join(outDir, ...f.path.split("/"));
          fs.mkdirSync(path.dirname(out), { recursive: true });
          await pipeline(Readable.fromWeb(blob.stream()), fs.createWriteStream(out));
          bytes += fs.statSync(out).size;
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      console.log(JSON.stringify({ files: files.length, bytes, ms: Date.now() - started }));
      break;
    }
    case "list": {
      const out = [];
      for await (const f of hub.listFiles({ ...opts, recursive: true }))
        if (f.type === "file") out.push({ path: f.path, size: f.size, oid: f.oid, lfsOid: f.lfs?.oid ?? null });
      console.log(JSON.stringify(out));
      break;
    }
    case "delete":
      await hub.deleteFile({ ...opts, path: rest[0] });
      break;
    default:
      console.error(`hfclient: unknown command ${command}`);
      process.exit(2);
  }
} catch (e) {
  console.error(`hfclient: ${e.message}`);
  process.exit(1);
}
