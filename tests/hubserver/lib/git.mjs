// Git over smart HTTP for the test Hub's model and Space repositories, as the Hub serves them: a
// bare repository per Hub repository, `git http-backend` run as a CGI (the way a web server runs
// it), basic auth with the token as the password, and the Hub's pre-receive checks. After a push
// the API's view of the repository (tree, resolve, info) follows the pushed branch.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { installHook } from "./prereceive.mjs";

const IDENTITY = {
  GIT_AUTHOR_NAME: "Hub",
  GIT_AUTHOR_EMAIL: "hub@example.org",
  GIT_COMMITTER_NAME: "Hub",
  GIT_COMMITTER_EMAIL: "hub@example.org",
};

export class GitRepos {
  constructor(root) {
    this.root = path.join(root, "git");
    fs.mkdirSync(this.root, { recursive: true });
  }

  // PATH_INFO's repository part: "models/alice/x.git", "spaces/alice/y.git".
  relative(type, id) {
    return `${type}s/${id}.git`;
  }
  dir(type, id) {
    return path.join(this.root, this.relative(type, id));
  }
  exists(type, id) {
    return fs.existsSync(path.join(this.dir(type, id), "HEAD"));
  }

  git(dir, args, input) {
    return execFileSync("git", args, { cwd: dir, input, env: { ...process.env, ...IDENTITY }, maxBuffer: 1 << 30 });
  }

  // A bare repository whose first commit holds what the API's first commit holds.
  create(type, id, files) {
    const dir = this.dir(type, id);
    fs.mkdirSync(dir, { recursive: true });
    this.git(dir, ["init", "--quiet", "--bare", "--initial-branch=main"]);
    this.git(dir, ["config", "http.receivepack", "true"]);
    const entries = Object.entries(files).map(([name, content]) => {
      const oid = this.git(dir, ["hash-object", "-w", "--stdin"], content).toString().trim();
      return `100644 blob ${oid}\t${name}\n`;
    });
    const tree = this.git(dir, ["mktree"], entries.join("")).toString().trim();
    const commit = this.git(dir, ["commit-tree", tree, "-m", "initial commit"]).toString().trim();
    this.git(dir, ["update-ref", "refs/heads/main", commit]);
    installHook(dir);
  }

  remove(type, id) {
    fs.rmSync(this.dir(type, id), { recursive: true, force: true });
  }

  // The files of the branch: path -> {oid, size, content} (content only of blobs under 1 KiB, to
  // recognise LFS pointers; the store reads the rest by oid).
  files(type, id, branch = "main") {
    const dir = this.dir(type, id);
    const listing = this.git(dir, ["ls-tree", "-r", "-l", "-z", branch]).toString("utf8");
    const out = {};
    for (const line of listing.split("\0").filter(Boolean)) {
      const [meta, file] = [line.slice(0, line.indexOf("\t")), line.slice(line.indexOf("\t") + 1)];
      const [, type, oid, size] = meta.split(/\s+/);
      if (type === "blob") out[file] = { oid, size: Number(size) };
    }
    return out;
  }

  blob(type, id, oid) {
    return this.git(this.dir(type, id), ["cat-file", "blob", oid]);
  }

  // Runs git http-backend for one request; streams the request body in and the answer out.
  // Resolves with the backend's exit code once the answer is sent.
  serve(req, res, type, id, rest, user) {
    const url = new URL(req.url, "http://hub");
    const env = {
      ...process.env,
      GIT_PROJECT_ROOT: this.root,
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: `/${this.relative(type, id)}/${rest}`,
      REQUEST_METHOD: req.method,
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers["content-type"] ?? "",
      REMOTE_USER: user ?? "",
      REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
      GATEWAY_INTERFACE: "CGI/1.1",
      SERVER_PROTOCOL: "HTTP/1.1",
    };
    if (req.headers["content-length"]) env.CONTENT_LENGTH = req.headers["content-length"];
    if (req.headers["content-encoding"]) env.HTTP_CONTENT_ENCODING = req.headers["content-encoding"];
    if (req.headers["git-protocol"]) env.GIT_PROTOCOL = req.headers["git-protocol"];
    const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
    req.pipe(child.stdin);
    child.stdin.on("error", () => {});
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    return new Promise((resolve) => {
      let head = Buffer.alloc(0);
      let headersDone = false;
      child.stdout.on("data", (chunk) => {
        if (headersDone) return res.write(chunk);
        head = Buffer.concat([head, chunk]);
        const end = cgiHeaderEnd(head);
        if (!end) return;
        headersDone = true;
        const { status, headers } = parseCgiHeaders(head.subarray(0, end.at).toString("latin1"));
        res.writeHead(status, headers);
        if (head.length > end.at + end.length) res.write(head.subarray(end.at + end.length));
      });
      child.on("close", (code) => {
        if (!headersDone) {
          if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
          res.end(`git http-backend failed: ${stderr}`);
        } else res.end();
        resolve(code);
      });
    });
  }
}

function cgiHeaderEnd(buf) {
  const crlf = buf.indexOf("\r\n\r\n");
  const lf = buf.indexOf("\n\n");
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
  if (lf >= 0) return { at: lf, length: 2 };
  return null;
}

function parseCgiHeaders(text) {
  let status = 200;
  const headers = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number(value.split(" ")[0]);
    else headers[name] = value;
  }
  return { status, headers };
}
