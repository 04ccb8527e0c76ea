#!/usr/bin/env python3
"""Takes a screenshot of a Qt application started with QT_QPA_PLATFORM=vnc (Qt's own VNC
platform plugin) and writes it as PNG: a minimal RFB client (3.3 as Qt speaks it, or 3.8), raw encoding, no password.
Waits until the screen shows more than a handful of colours (the window has painted).

    vnc-screenshot.py PORT OUT.png [TIMEOUT_SECONDS]
"""
import socket
import struct
import sys
import time
import zlib


def recv_exact(sock, n):
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("the VNC server closed the connection")
        data += chunk
    return bytes(data)


def grab(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    with sock:
        version = recv_exact(sock, 12)
        if not version.startswith(b"RFB "):
            raise ConnectionError(f"not a VNC server: {version!r}")
        if version >= b"RFB 003.007":
            sock.sendall(b"RFB 003.008\n")
            count = recv_exact(sock, 1)[0]
            types = recv_exact(sock, count)
            if 1 not in types:
                raise ConnectionError(f"the server wants authentication ({list(types)})")
            sock.sendall(b"\x01")
            if struct.unpack(">I", recv_exact(sock, 4))[0] != 0:
                raise ConnectionError("security handshake refused")
        else:  # 3.3, as Qt's server speaks: the server names the security type
            sock.sendall(b"RFB 003.003\n")
            kind = struct.unpack(">I", recv_exact(sock, 4))[0]
            if kind != 1:
                raise ConnectionError(f"the server wants security type {kind}")
        sock.sendall(b"\x01")  # shared
        width, height = struct.unpack(">HH", recv_exact(sock, 4))
        recv_exact(sock, 16)
        recv_exact(sock, struct.unpack(">I", recv_exact(sock, 4))[0])
        # 32 bits per pixel, little endian, true colour: B, G, R, unused.
        sock.sendall(struct.pack(">B3xBBBBHHHBBB3x", 0, 32, 24, 0, 1, 255, 255, 255, 16, 8, 0))
        sock.sendall(struct.pack(">BxHi", 2, 1, 0))
        sock.sendall(struct.pack(">BBHHHH", 3, 0, 0, 0, width, height))
        frame = bytearray(width * height * 4)
        covered = 0
        while covered < width * height:
            kind = recv_exact(sock, 1)[0]
            if kind == 2:  # bell
                continue
            if kind != 0:
                raise ConnectionError(f"unexpected VNC message type {kind}")
            recv_exact(sock, 1)
            (rects,) = struct.unpack(">H", recv_exact(sock, 2))
            for _ in range(rects):
                x, y, w, h, encoding = struct.unpack(">HHHHi", recv_exact(sock, 12))
                if encoding != 0:
                    raise ConnectionError(f"unexpected encoding {encoding}")
                data = recv_exact(sock, w * h * 4)
                for row in range(h):
                    start = ((y + row) * width + x) * 4
                    frame[start:start + w * 4] = data[row * w * 4:(row + 1) * w * 4]
                covered += w * h
        return width, height, frame


def write_png(path, width, height, frame):
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        line = frame[y * width * 4:(y + 1) * width * 4]
        for x in range(width):
            b, g, r = line[x * 4], line[x * 4 + 1], line[x * 4 + 2]
            rows += bytes((r, g, b))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        out.write(chunk(b"IDAT", zlib.compress(bytes(rows), 6)))
        out.write(chunk(b"IEND", b""))


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    deadline = time.monotonic() + (float(sys.argv[3]) if len(sys.argv) > 3 else 30)
    last = "nothing tried"
    while time.monotonic() < deadline:
        try:
            width, height, frame = grab(port)
            colours = len({bytes(frame[i:i + 3]) for i in range(0, len(frame), 4 * 97)})
            if colours > 8:
                write_png(out, width, height, frame)
                print(f"screenshot {width}x{height}, {colours} colours sampled: {out}")
                return 0
            last = f"only {colours} colours on the screen"
        except OSError as error:
            last = str(error)
        time.sleep(0.5)
    print(f"vnc-screenshot: no window on port {port}: {last}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
