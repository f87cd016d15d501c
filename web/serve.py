#!/usr/bin/env python3
"""Serves the browser build on 127.0.0.1 and collects what its pages send back.

    python3 web/serve.py --root BUILD/www --results DIR [--port N]

Prints "serving http://127.0.0.1:PORT/" once listening (PORT is free one when --port is 0, the default),
then serves until killed:
- GET: the files under --root (run.html and the programs' .js / .wasm);
- POST /result?run=ID: the JSON object run.html sends when a program has ended (its protocol is in
  run.html). It is written to DIR/ID/result.json, and each file it carries to DIR/ID/files/PATH
  (decoded). result.json is written last, through a rename, so a caller that sees it sees everything.
"""

import argparse
import base64
import http.server
import json
import os
import sys
import urllib.parse


def make_handler(root, results):
    class Handler(http.server.SimpleHTTPRequestHandler):
        # Browsers only compile WebAssembly streamed with its own type; Python's table may lack it.
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                          ".js": "text/javascript"}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=root, **kwargs)

        def end_headers(self):
            # Every run must load the build it was started for, never a cached older one.
            self.send_header("Cache-Control", "no-store")
            # Cross-origin isolation: without it Chromium rounds performance.now(), the programs' clock, to
            # 100 µs (5 µs with it), which no CPU time of ours would survive.
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            super().end_headers()

        def do_POST(self):
            url = urllib.parse.urlsplit(self.path)
            run = urllib.parse.parse_qs(url.query).get("run", [""])[0]
            if url.path != "/result" or not run or "/" in run or run.startswith("."):
                self.send_error(404)
                return
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            try:
                result = json.loads(body)
            except ValueError as e:
                self.send_error(400, "not JSON: %s" % e)
                return
            out = os.path.join(results, run)
            for path, data in result.get("files", {}).items():
                target = os.path.normpath(os.path.join(out, "files", path))
                if not target.startswith(os.path.join(out, "files") + os.sep):
                    continue  # a path that leaves the run's folder
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as f:
                    f.write(base64.b64decode(data))
            result["files"] = sorted(result.get("files", {}))
            os.makedirs(out, exist_ok=True)
            with open(os.path.join(out, "result.json.part"), "w") as f:
                json.dump(result, f, indent=1)
            os.replace(os.path.join(out, "result.json.part"), os.path.join(out, "result.json"))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format, *args):
            pass  # the caller prints what matters; a request log would bury it

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", required=True, help="the folder to serve (the build's www/)")
    parser.add_argument("--results", required=True, help="where the pages' results are written")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    opts = parser.parse_args()
    os.makedirs(opts.results, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", opts.port),
                                             make_handler(os.path.abspath(opts.root), os.path.abspath(opts.results)))
    print("serving http://127.0.0.1:%d/" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
