// Small helpers shared by the test Hub: hashing, git object ids, atomic files, JSON replies.
import { createHash, createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function sha256Hex(data) {
  return createHash("sha256").update(data).digest("hex");
}

// The id git gives a blob: sha1("blob <size>\0" + content).
export function gitBlobOid(content) {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}

// The pointer file git-lfs commits in place of a large file; its blob id is the tree entry's oid.
export function lfsPointer(oid, size) {
  return Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`);
}

export function writeFileAtomic(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

export function readJson(file, fallback = undefined) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    if (e.code === "ENOENT" && fallback !== undefined) return fallback;
    throw e;
  }
}

export function sign(secret, text) {
  return createHmac("sha256", secret).update(text).digest("hex").slice(0, 32);
}

export function requestId() {
  return randomBytes(8).toString("hex");
}

export function sendJson(res, status, body, headers = {}) {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": data.length,
    ...headers,
  });
  res.end(data);
}

// The Hub's error shape: {"error": message}, with X-Error-Code/X-Error-Message for lookups.
export function sendError(res, status, message, code = undefined, extraHeaders = {}) {
  const headers = { ...extraHeaders };
  if (code) {
    headers["X-Error-Code"] = code;
    headers["X-Error-Message"] = message;
  }
  sendJson(res, status, { error: message }, headers);
}

export async function readBody(req, limit = 1024 * 1024 * 1024) {
  const chunks = [];
  let total = 0;
  for await (const chunk of req) {
    total += chunk.length;
    if (total > limit) throw Object.assign(new Error("request body too large"), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

// Glob of .gitattributes (a path pattern without '/' matches the base name at any depth).
export function globToRegExp(glob) {
  let rx = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        rx += ".*";
        i++;
        if (glob[i + 1] === "/") i++;
      } else rx += "[^/]*";
    } else if (c === "?") rx += "[^/]";
    else rx += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return glob.includes("/") ? new RegExp(`^${rx}$`) : new RegExp(`(^|/)${rx}$`);
}

export function lfsPatterns(gitattributes) {
  const out = [];
  for (const line of (gitattributes ?? "").split("\n")) {
    const parts = line.trim().split(/\s+/);
    if (parts.length > 1 && !parts[0].startsWith("#") && parts.includes("filter=lfs")) out.push(globToRegExp(parts[0]));
  }
  return out;
}
