"""A recording stand-in in front of moto's S3: what HSDS sent, as a test must see it.

    python s3_recorder.py PORT UPSTREAM_URL LOG

Listens on 127.0.0.1:PORT, forwards every request unchanged to UPSTREAM_URL (moto), and
appends one JSON line per request to LOG: method, path, whether it carried an
Authorization header, the signature's credential scope (key id, date, region; never the
signature itself), whether it carried X-Amz-Security-Token, and moto's status and S3 error
code. moto's own log shows no headers, so this is how a test sees whether HSDS signed.

The Host header is forwarded as sent: SigV4 signs it, and moto checks signatures when its
authentication is switched on.
"""
import http.client
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

PORT, UPSTREAM, LOG = int(sys.argv[1]), urlparse(sys.argv[2]), sys.argv[3]
WRITING = threading.Lock()
# Hop-by-hop and length headers, which this server sets itself.
NOT_FORWARDED_BACK = {"transfer-encoding", "connection", "content-length", "server", "date"}


def s3_error_code(body):
    if b"<Code>" not in body:
        return None
    return body.split(b"<Code>")[1].split(b"</Code>")[0].decode()


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        upstream = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port, timeout=60)
        upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for name, value in self.headers.items():
            upstream.putheader(name, value)
        upstream.endheaders(body)
        answer = upstream.getresponse()
        data = answer.read()
        authorization = self.headers.get("Authorization")
        record = {
            "t": round(time.time(), 3),
            "method": self.command,
            "path": self.path,
            "authorization": authorization is not None,
            "credential": authorization.split("Signature=")[0].strip(" ,")
            if authorization
            else None,
            "security_token": "X-Amz-Security-Token" in self.headers,
            "status": answer.status,
            "error_code": s3_error_code(data),
        }
        with WRITING, open(LOG, "a") as log:
            log.write(json.dumps(record) + "\n")
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in NOT_FORWARDED_BACK:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = forward


ThreadingHTTPServer(("127.0.0.1", PORT), Recorder).serve_forever()
