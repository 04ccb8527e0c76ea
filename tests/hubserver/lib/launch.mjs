// Starts server.mjs as a child process on a free port with a temporary data folder.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export async function startServer(args = []) {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "hubserver-"));
  const child = spawn(process.execPath, [path.join(here, "..", "server.mjs"), "--port", "0", "--data", data, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`test hub exited with ${code}`)));
  });
  return {
    url,
    data,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      fs.rmSync(data, { recursive: true, force: true });
    },
    admin(pathname, method = "GET", body = undefined) {
      return fetch(`${url}/__admin/${pathname}`, { method, body: body && JSON.stringify(body) }).then((r) => r.json());
    },
  };
}
