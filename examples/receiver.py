#!/usr/bin/env python3
"""A notification receiver for trying the emulator's deliveries by hand (docs/vendors/lifepos.md).

    python3 examples/receiver.py 9000            # answers 200 to every POST, prints each body
    python3 examples/receiver.py 9000 500 503    # answers 500, then 503, then 200 from then on

Standard library only. Listens on 127.0.0.1.
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

SCRIPT = [int(status) for status in sys.argv[2:]]


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, 1 << 20))
        status = SCRIPT.pop(0) if SCRIPT else 200
        try:
            shown = json.dumps(json.loads(body), ensure_ascii=False)
        except ValueError:
            shown = body.decode("utf-8", "replace")
        print(f"{status} {self.path} {shown}", flush=True)
        answer = b'{"message":"success"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
    print(f"listening on http://127.0.0.1:{port}/", flush=True)
    HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
