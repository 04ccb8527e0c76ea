// The test Hub's request handler: identity, repositories, tree listing with pagination,
// paths-info, preupload, the NDJSON commit, resolve (with ranges and an LFS redirect), and the
// admin API tests use to inject faults, manage tokens and read counters.
import fs from "node:fs";
import { Faults, truncateReply } from "./faults.mjs";
import { GitRepos } from "./git.mjs";
import { Lfs } from "./lfs.mjs";
import { GITATTRIBUTES, MAX_ENTRIES_PER_FOLDER, Store } from "./store.mjs";
import { gitBlobOid, lfsPatterns, readBody, requestId, sendError, sendJson } from "./util.mjs";

const TYPES = { datasets: "dataset", models: "model", spaces: "space" };
// The repository types the test Hub serves over git, and the SDKs a Space may name.
const GIT_TYPES = ["model", "space"];
const SPACE_SDKS = ["gradio", "streamlit", "docker", "static"];

export class Hub {
  constructor(options) {
    this.options = options;
    this.store = new Store(options.data);
    this.tokens = new Map(options.tokens.map((t) => [t.token, t]));
    this.faults = new Faults();
    this.stats = newStats();
    this.log = [];
    this.lfs = new Lfs(this.store, this.stats, options);
    this.git = new GitRepos(options.data);
  }

  base(req) {
    return `http://${req.headers.host}`;
  }

  user(req) {
    const auth = req.headers.authorization ?? "";
    if (!auth) return { anonymous: true };
    const token = auth.replace(/^Bearer\s+/i, "");
    return this.tokens.get(token) ?? { invalid: true };
  }

  async handle(req, res) {
    const url = new URL(req.url, this.base(req));
    const pathname = url.pathname;
    res.setHeader("X-Request-Id", requestId());
    this.stats.requests++;
    req.on("data", (c) => (this.stats.bodyBytes += c.length));
    // Every request is logged when it ends, with its time; one cut off without an answer has status 0.
    const started = Date.now();
    let logged = false;
    const record = (status) => {
      if (logged) return;
      logged = true;
      this.log.push({ method: req.method, path: pathname, status, t: started, ms: Date.now() - started });
      if (this.log.length > 20000) this.log.shift();
    };
    res.on("finish", () => record(res.statusCode));
    res.on("close", () => record(res.writableFinished ? res.statusCode : 0));
    if (pathname.startsWith("/__admin/")) return this.admin(req, res, url);
    const fault = this.faults.take(req, pathname);
    if (fault) {
      if (fault.kind === "truncate") truncateReply(res);
      else if (await this.faults.apply(fault, req, res)) {
        if (fault.kind === "drop") record(0);
        return;
      }
    }
    try {
      await this.route(req, res, url);
    } catch (e) {
      if (!res.headersSent) sendError(res, e.status ?? 500, e.message);
      else res.destroy();
    }
  }

  async route(req, res, url) {
    const p = url.pathname;
    let m;
    if ((m = p.match(/^\/(?:(datasets|spaces)\/)?([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/)))
      return this.gitHttp(req, res, m[1] ? TYPES[m[1]] : "model", `${m[2]}/${m[3]}`, m[4], url);
    if (p === "/api/whoami-v2" && req.method === "GET") return this.whoami(req, res);
    if (p === "/api/repos/create" && req.method === "POST") return this.createRepo(req, res);
    if (p === "/api/repos/delete" && req.method === "DELETE") return this.deleteRepo(req, res);
    if ((m = p.match(/^\/__lfs\/(upload|complete|verify)\/([0-9a-f]{64})$/))) return this.lfs[m[1]](req, res, m[2], url);
    if ((m = p.match(/^\/__lfs\/part\/([0-9a-f]{64})\/(\d+)$/))) return this.lfs.part(req, res, m[1], m[2], url);
    if ((m = p.match(/^\/__cdn\/lfs\/([0-9a-f]{64})$/))) return this.cdn(req, res, m[1], url);
    if ((m = p.match(/^\/api\/(datasets|models|spaces)\/([^/]+)\/([^/]+)(?:\/(tree|paths-info|preupload|commit)\/([^/]+)(\/.*)?)?$/))) {
      const type = TYPES[m[1]];
      const id = `${m[2]}/${m[3]}`;
      if (!m[4]) return this.repoInfo(req, res, type, id);
      return this[{ tree: "tree", "paths-info": "pathsInfo", preupload: "preupload", commit: "commit" }[m[4]]](req, res, type, id, m[5], m[6] ? decodeURIComponent(m[6].slice(1)) : "", url);
    }
    if ((m = p.match(/^\/(?:(datasets|spaces)\/)?([^/]+)\/([^/]+)\.git\/info\/lfs\/objects\/batch$/)) && req.method === "POST") {
      const type = m[1] ? TYPES[m[1]] : "model";
      const id = `${m[2]}/${m[3]}`;
      return this.lfs.batch(req, res, this.base(req), (write) => this.access(req, res, type, id, write),
        (oid) => this.store.lfsObjects(type, id).has(oid));
    }
    if ((m = p.match(/^\/(?:(datasets|spaces)\/)?([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/)) && ["GET", "HEAD"].includes(req.method)) {
      const type = m[1] ? TYPES[m[1]] : "model";
      return this.resolve(req, res, type, `${m[2]}/${m[3]}`, m[4], decodeURIComponent(m[5]), url);
    }
    return sendError(res, 404, `no route for ${req.method} ${p}`);
  }

  // Who may do what: 401 without a valid token where one is needed, 404 for private repositories
  // of others (the Hub does not reveal them), 403 for a write without the right. Returns true
  // when it answered.
  access(req, res, type, id, write) {
    const u = this.user(req);
    if (u.invalid) return sendError(res, 401, "Invalid credentials in Authorization header") || true;
    const meta = this.store.meta(type, id);
    const ns = id.split("/")[0];
    const owns = !u.anonymous && (u.user === ns || (u.orgs ?? []).includes(ns));
    if (!meta || (meta.private && !owns)) {
      if (u.anonymous && meta?.private) return sendError(res, 401, "Repository not found", "RepoNotFound") || true;
      return sendError(res, 404, "Repository not found", "RepoNotFound") || true;
    }
    if (write && u.anonymous) return sendError(res, 401, "You must be authenticated to write") || true;
    if (write && (!owns || u.role !== "write"))
      return sendError(res, 403, `You don't have the rights to write to ${type}s/${id}`) || true;
    return false;
  }

  // The token of a git request: the password of basic auth (any user name), or a bearer token.
  gitUser(req) {
    const auth = req.headers.authorization ?? "";
    const basic = auth.match(/^Basic\s+(.+)$/i);
    if (basic) {
      const decoded = Buffer.from(basic[1], "base64").toString("utf8");
      return this.tokens.get(decoded.slice(decoded.indexOf(":") + 1)) ?? { invalid: true };
    }
    return this.user(req);
  }

  // Git smart HTTP: 401 with a basic-auth challenge without a valid token where one is needed,
  // 403 for another user's private repository or a push without the right, then http-backend.
  async gitHttp(req, res, type, id, rest, url) {
    const challenge = { "WWW-Authenticate": 'Basic realm="Authentication required", charset="UTF-8"' };
    const u = this.gitUser(req);
    const push = rest === "git-receive-pack" || url.searchParams.get("service") === "git-receive-pack";
    if (u.invalid) return sendError(res, 401, "Invalid credentials in Authorization header", undefined, challenge);
    const meta = this.store.meta(type, id);
    if (!meta || !GIT_TYPES.includes(type) || !this.git.exists(type, id)) {
      if (u.anonymous) return sendError(res, 401, "Repository not found", "RepoNotFound", challenge);
      return sendError(res, 404, "Repository not found", "RepoNotFound");
    }
    const ns = id.split("/")[0];
    const owns = !u.anonymous && (u.user === ns || (u.orgs ?? []).includes(ns));
    if ((meta.private || push) && u.anonymous) return sendError(res, 401, "Authentication required", undefined, challenge);
    if (meta.private && !owns) return sendError(res, 403, `You don't have access to ${type}s/${id}`);
    if (push && (!owns || u.role !== "write"))
      return sendError(res, 403, `You don't have the rights to write to ${type}s/${id}`);
    const code = await this.git.serve(req, res, type, id, rest, u.anonymous ? "" : u.user);
    if (code === 0 && rest === "git-receive-pack") this.importPush(type, id);
  }

  // After a push the API shows what the branch holds: a commit of the store with its files (LFS
  // pointers as LFS entries).
  importPush(type, id) {
    const head = this.store.resolve(type, id, "main");
    const files = {};
    for (const [file, entry] of Object.entries(this.git.files(type, id))) {
      const content = this.git.blob(type, id, entry.oid);
      const pointer = content.length < 1024 && content.toString("utf8").match(/^version https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:([0-9a-f]{64})\nsize (\d+)\n$/);
      files[file] = pointer ? this.store.lfsEntry(pointer[1], Number(pointer[2])) : { oid: this.store.putBlob(content), size: content.length };
    }
    if (JSON.stringify(files) === JSON.stringify(head.files)) return;
    const subject = this.git.git(this.git.dir(type, id), ["log", "-1", "--format=%s", "main"]).toString().trim();
    const created = this.store.writeCommit(type, id, head.sha, subject, "", files);
    if (this.store.advance(type, id, head.sha, created.sha)) this.stats.commits++;
  }

  whoami(req, res) {
    const u = this.user(req);
    if (u.anonymous || u.invalid) return sendError(res, 401, "Invalid credentials in Authorization header");
    sendJson(res, 200, {
      type: "user",
      id: `id-${u.user}`,
      name: u.user,
      fullname: u.user,
      email: `${u.user}@example.org`,
      emailVerified: true,
      isPro: false,
      orgs: (u.orgs ?? []).map((name) => ({ type: "org", name })),
      auth: { type: "access_token", accessToken: { displayName: "test token", role: u.role, createdAt: "2026-01-01T00:00:00.000Z" } },
    });
  }

  async createRepo(req, res) {
    const u = this.user(req);
    if (u.anonymous || u.invalid) return sendError(res, 401, "Invalid credentials in Authorization header");
    const body = JSON.parse((await readBody(req)).toString("utf8"));
    const type = body.type ?? "model";
    const ns = body.organization ?? u.user;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/.test(body.name ?? "")) return sendError(res, 400, `invalid repository name '${body.name}'`);
    if (ns !== u.user && !(u.orgs ?? []).includes(ns)) return sendError(res, 403, `You don't have the rights to create in ${ns}`);
    if (u.role !== "write") return sendError(res, 403, "A write token is needed to create a repository");
    if (type === "space" && !SPACE_SDKS.includes(body.sdk))
      return sendError(res, 400, `A Space needs an sdk, one of ${SPACE_SDKS.join(", ")}`);
    const isPrivate = body.visibility ? body.visibility === "private" : Boolean(body.private);
    const id = `${ns}/${body.name}`;
    const meta = this.store.create(type, id, u.user, isPrivate);
    if (!meta) return sendError(res, 409, "You already created this repo", undefined, {}) ;
    if (GIT_TYPES.includes(type)) this.git.create(type, id, { ".gitattributes": GITATTRIBUTES });
    const prefix = type === "model" ? "" : `${type}s/`;
    sendJson(res, 200, { url: `${this.base(req)}/${prefix}${id}`, name: id, id: meta._id });
  }

  async deleteRepo(req, res) {
    const body = JSON.parse((await readBody(req)).toString("utf8"));
    const type = body.type ?? "model";
    const id = `${body.organization ?? this.user(req).user}/${body.name}`;
    if (this.access(req, res, type, id, true)) return;
    this.store.remove(type, id);
    this.git.remove(type, id);
    sendJson(res, 200, {});
  }

  repoInfo(req, res, type, id) {
    if (this.access(req, res, type, id, false)) return;
    const meta = this.store.meta(type, id);
    const head = this.store.resolve(type, id, "main");
    sendJson(res, 200, {
      _id: meta._id,
      id,
      private: meta.private,
      author: id.split("/")[0],
      sha: head.sha,
      lastModified: head.date,
      createdAt: meta.createdAt,
      likes: 0,
      downloads: 0,
      tags: [],
      siblings: Object.keys(head.files).sort().map((rfilename) => ({ rfilename })),
    });
  }

  commitOf(res, type, id, revision) {
    const commit = this.store.resolve(type, id, revision);
    if (!commit) sendError(res, 404, `Invalid rev id: ${decodeURIComponent(revision)}`, "RevisionNotFound");
    return commit;
  }

  tree(req, res, type, id, revision, subpath, url) {
    if (this.access(req, res, type, id, false)) return;
    const commit = this.commitOf(res, type, id, revision);
    if (!commit) return;
    const recursive = url.searchParams.get("recursive") === "true";
    const entries = this.store.entries(commit, subpath, recursive);
    if (subpath && entries.length === 0 && !commit.files[subpath])
      return sendError(res, 404, `${subpath} does not exist on "${decodeURIComponent(revision)}"`, "EntryNotFound");
    const start = Number(url.searchParams.get("cursor") ?? 0);
    const page = entries.slice(start, start + this.options.pageSize);
    const headers = {};
    if (start + this.options.pageSize < entries.length) {
      const next = new URL(url);
      next.searchParams.set("cursor", String(start + this.options.pageSize));
      headers.Link = `<${next.href}>; rel="next"`;
    }
    sendJson(res, 200, page, headers);
  }

  async pathsInfo(req, res, type, id, revision) {
    if (this.access(req, res, type, id, false)) return;
    const commit = this.commitOf(res, type, id, revision);
    if (!commit) return;
    const body = JSON.parse((await readBody(req)).toString("utf8"));
    const all = this.store.entries(commit, "", true);
    sendJson(res, 200, all.filter((e) => (body.paths ?? []).includes(e.path)));
  }

  async preupload(req, res, type, id, revision) {
    if (this.access(req, res, type, id, true)) return;
    const commit = this.commitOf(res, type, id, revision);
    if (!commit) return;
    const body = JSON.parse((await readBody(req)).toString("utf8"));
    if ((body.files ?? []).length > 1000) return sendError(res, 400, "too many files in one preupload call");
    let attributes = body.gitAttributes;
    if (attributes === undefined && commit.files[".gitattributes"])
      attributes = fs.readFileSync(this.store.blobPath(commit.files[".gitattributes"].oid), "utf8");
    const patterns = lfsPatterns(attributes);
    const files = (body.files ?? []).map((f) => {
      const sample = Buffer.from(f.sample ?? "", "base64");
      const lfs = patterns.some((rx) => rx.test(f.path)) || sample.includes(0) || f.size >= 1000000;
      const existing = commit.files[f.path];
      return { path: f.path, uploadMode: lfs ? "lfs" : "regular", shouldIgnore: false, ...(existing && { oid: existing.oid }) };
    });
    sendJson(res, 200, { files, commitOid: commit.sha });
  }

  async commit(req, res, type, id, revision) {
    if (this.access(req, res, type, id, true)) return;
    const head = this.commitOf(res, type, id, revision);
    if (!head) return;
    const lines = (await readBody(req)).toString("utf8").split("\n").filter((l) => l.trim());
    let header = null;
    const files = { ...head.files };
    for (const line of lines) {
      let op;
      try {
        op = JSON.parse(line);
      } catch {
        return sendError(res, 400, "the commit payload is not valid NDJSON");
      }
      const v = op.value ?? {};
      switch (op.key) {
        case "header":
          header = v;
          break;
        case "file": {
          const content = Buffer.from(v.content ?? "", v.encoding === "base64" ? "base64" : "utf8");
          this.stats.inlinePayloadBytes += content.length;
          files[v.path] = { oid: this.store.putBlob(content), size: content.length };
          break;
        }
        case "lfsFile":
          if (!this.store.hasLfs(v.oid, v.size))
            return sendError(res, 422, `LFS object ${v.oid} (${v.path}) was not uploaded`);
          files[v.path] = this.store.lfsEntry(v.oid, v.size);
          break;
        case "deletedFile":
          if (!files[v.path]) return sendError(res, 404, `File not found: ${v.path}`, "EntryNotFound");
          delete files[v.path];
          break;
        case "deletedFolder":
          for (const p of Object.keys(files)) if (p.startsWith(v.path.replace(/\/?$/, "/"))) delete files[p];
          break;
        default:
          return sendError(res, 400, `unknown commit operation '${op.key}'`);
      }
    }
    if (!header) return sendError(res, 400, "the commit has no header line");
    if (header.parentCommit && header.parentCommit !== head.sha)
      return sendError(res, 412, "A commit has happened since. Please refresh and try again.");
    const perFolder = new Map();
    for (const p of Object.keys(files)) {
      const dir = p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "";
      perFolder.set(dir, (perFolder.get(dir) ?? 0) + 1);
      if (perFolder.get(dir) > MAX_ENTRIES_PER_FOLDER)
        return sendError(res, 400, `Too many files in folder '${dir || "/"}': at most ${MAX_ENTRIES_PER_FOLDER} entries per folder`);
    }
    const created = this.store.writeCommit(type, id, head.sha, header.summary ?? "", header.description ?? "", files);
    if (!this.store.advance(type, id, head.sha, created.sha))
      return sendError(res, 412, "A commit has happened since. Please refresh and try again.");
    this.stats.commits++;
    const prefix = type === "model" ? "" : `${type}s/`;
    sendJson(res, 200, { success: true, commitOid: created.sha, commitUrl: `${this.base(req)}/${prefix}${id}/commit/${created.sha}`, hookOutput: "" });
  }

  resolve(req, res, type, id, revision, filePath) {
    if (this.access(req, res, type, id, false)) return;
    const commit = this.commitOf(res, type, id, revision);
    if (!commit) return;
    const entry = commit.files[filePath];
    if (!entry) return sendError(res, 404, `Entry not found: ${filePath}`, "EntryNotFound", { "X-Repo-Commit": commit.sha });
    const headers = { "X-Repo-Commit": commit.sha, "Accept-Ranges": "bytes" };
    if (entry.lfs) {
      headers["X-Linked-Etag"] = `"${entry.lfs.oid}"`;
      headers["X-Linked-Size"] = String(entry.lfs.size);
      headers.ETag = `"${entry.lfs.oid}"`;
      if (this.options.cdnBase) {
        // The real Hub sends LFS content from a CDN on another origin, with a pre-signed URL.
        res.writeHead(302, { ...headers, Location: this.lfs.downloadHref(this.base(req), entry.lfs.oid), "Content-Length": 0 });
        return res.end();
      }
      return sendFile(req, res, this.store.lfsPath(entry.lfs.oid), entry.lfs.size, headers);
    }
    headers.ETag = `"${entry.oid}"`;
    return sendFile(req, res, this.store.blobPath(entry.oid), entry.size, headers);
  }

  // The CDN: a signed URL; like S3 it refuses requests that also carry an Authorization header.
  cdn(req, res, oid, url) {
    if (!this.lfs.checkSignature("cdn", oid, "", url)) return sendError(res, 403, "invalid signature");
    if (req.headers.authorization) return sendError(res, 400, "Only one auth mechanism allowed; the token must not reach the CDN");
    let size;
    try {
      size = fs.statSync(this.store.lfsPath(oid)).size;
    } catch {
      return sendError(res, 404, "no such object");
    }
    return sendFile(req, res, this.store.lfsPath(oid), size, { ETag: `"${oid}"`, "Accept-Ranges": "bytes" });
  }

  async admin(req, res, url) {
    const p = url.pathname;
    if (p === "/__admin/faults") {
      if (req.method === "POST") {
        try {
          const specs = JSON.parse((await readBody(req)).toString("utf8"));
          for (const spec of Array.isArray(specs) ? specs : [specs]) this.faults.arm(spec);
        } catch (e) {
          return sendError(res, 400, e.message);
        }
        return sendJson(res, 200, { armed: this.faults.list() });
      }
      if (req.method === "DELETE") {
        this.faults.clear();
        return sendJson(res, 200, { armed: [] });
      }
      return sendJson(res, 200, { armed: this.faults.list() });
    }
    if (p === "/__admin/tokens" && req.method === "POST") {
      const t = JSON.parse((await readBody(req)).toString("utf8"));
      this.tokens.set(t.token, { token: t.token, user: t.user, role: t.role ?? "write", orgs: t.orgs ?? [] });
      return sendJson(res, 200, { ok: true });
    }
    if (p.startsWith("/__admin/tokens/") && req.method === "DELETE") {
      this.tokens.delete(decodeURIComponent(p.slice("/__admin/tokens/".length)));
      return sendJson(res, 200, { ok: true });
    }
    if (p === "/__admin/stats") return sendJson(res, 200, this.stats);
    if (p === "/__admin/stats/reset" && req.method === "POST") {
      this.stats = Object.assign(this.stats, newStats());
      this.log = [];
      return sendJson(res, 200, this.stats);
    }
    if (p === "/__admin/log") return sendJson(res, 200, this.log.slice(-Number(url.searchParams.get("n") ?? 200)));
    return sendError(res, 404, `no admin route ${p}`);
  }
}

function newStats() {
  return { requests: 0, bodyBytes: 0, lfsPayloadBytes: 0, inlinePayloadBytes: 0, commits: 0 };
}

// Serves a file, or one byte range of it (206), or 416 when the range is outside it.
function sendFile(req, res, file, size, headers) {
  const range = req.headers.range;
  let start = 0;
  let end = size - 1;
  let status = 200;
  if (range) {
    const m = range.match(/^bytes=(\d*)-(\d*)$/);
    if (!m || (m[1] === "" && m[2] === "")) return sendError(res, 416, "Invalid range");
    if (m[1] === "") {
      start = Math.max(0, size - Number(m[2]));
    } else {
      start = Number(m[1]);
      end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
    }
    if (start >= size || start > end) {
      res.writeHead(416, { ...headers, "Content-Range": `bytes */${size}`, "Content-Length": 0 });
      return res.end();
    }
    status = 206;
    headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
  }
  const length = size === 0 ? 0 : end - start + 1;
  res.writeHead(status, { ...headers, "Content-Type": "application/octet-stream", "Content-Length": length });
  if (req.method === "HEAD" || length === 0) return res.end();
  fs.createReadStream(file, { start, end }).pipe(res);
}

export { gitBlobOid };
