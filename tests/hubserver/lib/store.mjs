// Repositories on disk: metadata, a branch ref, immutable commits (each with its full file table),
// a content store for regular files (by git blob id) and one for LFS objects (by sha256).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { gitBlobOid, lfsPointer, readJson, writeFileAtomic } from "./util.mjs";

export const GITATTRIBUTES = `*.bin filter=lfs diff=lfs merge=lfs -text
*.safetensors filter=lfs diff=lfs merge=lfs -text
*.parquet filter=lfs diff=lfs merge=lfs -text
*.zip filter=lfs diff=lfs merge=lfs -text
`;

export const MAX_ENTRIES_PER_FOLDER = 10000;

// Parsed commits kept in memory: a commit never changes once written, and reading and parsing
// its file table (a 2,000-file dataset: ~300 KB of JSON) for every resolve made the server's one
// thread, not the clients, set the pace of a download.
const COMMIT_CACHE_SIZE = 64;

export class Store {
  constructor(root) {
    this.root = root;
    this.commits = new Map(); // file -> parsed commit, oldest first
    this.lfsSets = new Map(); // "type/id" -> { heads, oids }: lfsObjects of the refs it was made at
    for (const d of ["repos", "blobs", "lfs", "uploads"]) fs.mkdirSync(path.join(root, d), { recursive: true });
  }

  repoDir(type, id) {
    return path.join(this.root, "repos", `${type}s`, id);
  }
  meta(type, id) {
    return readJson(path.join(this.repoDir(type, id), "meta.json"), null);
  }
  exists(type, id) {
    return this.meta(type, id) !== null;
  }

  create(type, id, owner, isPrivate) {
    const dir = this.repoDir(type, id);
    if (this.exists(type, id)) return null;
    const meta = { id, type, owner, private: isPrivate, createdAt: new Date().toISOString(), _id: createHash("sha1").update(`${type}/${id}`).digest("hex").slice(0, 24) };
    // Like the Hub, a new repository starts with one commit holding a .gitattributes.
    const content = Buffer.from(GITATTRIBUTES);
    this.putBlob(content);
    const commit = this.writeCommit(type, id, null, "initial commit", "", {
      ".gitattributes": { oid: gitBlobOid(content), size: content.length },
    });
    writeFileAtomic(path.join(dir, "refs.json"), JSON.stringify({ main: commit.sha }));
    writeFileAtomic(path.join(dir, "meta.json"), JSON.stringify(meta));
    return meta;
  }

  remove(type, id) {
    if (!this.exists(type, id)) return false;
    const dir = this.repoDir(type, id);
    for (const file of [...this.commits.keys()]) if (file.startsWith(dir + path.sep)) this.commits.delete(file);
    fs.rmSync(dir, { recursive: true, force: true });
    return true;
  }

  head(type, id, branch = "main") {
    return readJson(path.join(this.repoDir(type, id), "refs.json"), {})[branch] ?? null;
  }

  commit(type, id, sha) {
    const file = path.join(this.repoDir(type, id), "commits", `${sha}.json`);
    const cached = this.commits.get(file);
    if (cached) return cached;
    const commit = readJson(file, null);
    if (!commit) return null;
    this.commits.set(file, commit);
    if (this.commits.size > COMMIT_CACHE_SIZE) this.commits.delete(this.commits.keys().next().value);
    return commit;
  }

  // A revision is a branch name or a full commit id.
  resolve(type, id, revision) {
    const rev = decodeURIComponent(revision ?? "main");
    const headSha = this.head(type, id, rev);
    if (headSha) return this.commit(type, id, headSha);
    if (/^[0-9a-f]{40}$/.test(rev)) return this.commit(type, id, rev);
    return null;
  }

  writeCommit(type, id, parent, summary, description, files) {
    const body = { parents: parent ? [parent] : [], summary, description, date: new Date().toISOString(), files };
    const sha = createHash("sha1").update(JSON.stringify(body)).update(String(Math.random())).digest("hex");
    const commit = { sha, ...body };
    writeFileAtomic(path.join(this.repoDir(type, id), "commits", `${sha}.json`), JSON.stringify(commit));
    return commit;
  }

  // Moves the branch only if it still points at expected (an in-process compare-and-swap: the
  // server handles one request's synchronous part at a time).
  advance(type, id, expected, sha, branch = "main") {
    const file = path.join(this.repoDir(type, id), "refs.json");
    const refs = readJson(file, {});
    if ((refs[branch] ?? null) !== expected) return false;
    refs[branch] = sha;
    writeFileAtomic(file, JSON.stringify(refs));
    return true;
  }

  putBlob(content) {
    const oid = gitBlobOid(content);
    const file = path.join(this.root, "blobs", oid);
    if (!fs.existsSync(file)) writeFileAtomic(file, content);
    return oid;
  }
  blobPath(oid) {
    return path.join(this.root, "blobs", oid);
  }
  lfsPath(oid) {
    return path.join(this.root, "lfs", oid);
  }
  hasLfs(oid, size) {
    try {
      return fs.statSync(this.lfsPath(oid)).size === size;
    } catch {
      return false;
    }
  }
  // The LFS objects any commit of the repository references (what its LFS batch may hand out),
  // recomputed only when a branch moved.
  lfsObjects(type, id) {
    const refs = readJson(path.join(this.repoDir(type, id), "refs.json"), {});
    const key = `${type}/${id}`;
    const heads = JSON.stringify(refs);
    const known = this.lfsSets.get(key);
    if (known?.heads === heads) return known.oids;
    const oids = new Set();
    const seen = new Set();
    const todo = Object.values(refs);
    while (todo.length) {
      const sha = todo.pop();
      if (seen.has(sha)) continue;
      seen.add(sha);
      const commit = this.commit(type, id, sha);
      if (!commit) continue;
      for (const entry of Object.values(commit.files)) if (entry.lfs) oids.add(entry.lfs.oid);
      todo.push(...commit.parents);
    }
    this.lfsSets.set(key, { heads, oids });
    return oids;
  }
  lfsEntry(oid, size) {
    const pointer = lfsPointer(oid, size);
    return { oid: gitBlobOid(pointer), size, lfs: { oid, size, pointerSize: pointer.length } };
  }

  // The tree of a commit as the API lists it: files and the folders that hold them.
  entries(commit, prefix = "", recursive = false) {
    const files = commit.files;
    const out = [];
    const folders = new Map();
    const base = prefix ? `${prefix.replace(/\/$/, "")}/` : "";
    for (const p of Object.keys(files).sort()) {
      if (base && !p.startsWith(base)) continue;
      const rest = p.slice(base.length);
      const parts = rest.split("/");
      for (let i = 1; i < parts.length; i++) {
        const dir = base + parts.slice(0, i).join("/");
        if ((recursive || i === 1) && !folders.has(dir)) folders.set(dir, true);
      }
      if (recursive || parts.length === 1) {
        const f = files[p];
        out.push({ type: "file", oid: f.oid, size: f.size, path: p, ...(f.lfs && { lfs: f.lfs }) });
      }
    }
    for (const dir of folders.keys()) {
      out.push({ type: "directory", oid: createHash("sha1").update(`tree ${dir}`).digest("hex"), size: 0, path: dir });
    }
    out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return out;
  }
}
