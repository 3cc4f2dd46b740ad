#!/usr/bin/env python3
"""The billing APIs the budget tests need and moto lacks, in front of moto.

moto (5.x) implements AWS Budgets (CreateBudget, DescribeBudget(s), DeleteBudget, the
notification calls), but not Cost Explorer's cost allocation tags. This answers those
itself and forwards everything else (Budgets) to moto unchanged:

    billing_standin.py PORT MOTO_URL      listening on 127.0.0.1:PORT only

A client reaches it with AWS_ENDPOINT_URL_COST_EXPLORER (and AWS_ENDPOINT_URL_BUDGETS when a
test wants Budgets refused) set to http://127.0.0.1:PORT.

Cost Explorer, over the real awsJson1_1 protocol (X-Amz-Target: AWSInsightsIndexService.*):
  * UpdateCostAllocationTagsStatus {"CostAllocationTagsStatus": [{"TagKey", "Status"}]}
    -> {"Errors": []}; the statuses are kept, per access key id.
  * ListCostAllocationTags {"TagKeys"?: [...]} -> {"CostAllocationTags": [{"TagKey",
    "Type": "UserDefined", "Status"}]}.

Refusals, chosen by the caller's access key id (from the SigV4 Authorization header) so
that parallel tests do not interfere:
  * AKID starting NOTAGS    -> UpdateCostAllocationTagsStatus answers 400
    AccessDeniedException, as for a member account of an AWS Organization, which may not
    manage cost allocation tags (only its management account may). The exact message AWS
    gives such an account is not recorded here; the error code is what pcwiz reads.
  * AKID starting NOBUDGETS -> every Budgets call answers 400 AccessDeniedException
    "... is not authorized to perform: budgets:ModifyBudget ..." (CreateBudget and
    DeleteBudget need budgets:ModifyBudget, the Describe calls budgets:ViewBudget).

GET /__health -> "ok". Python 3 standard library only.
"""

from __future__ import annotations

import http.client
import json
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CE_PREFIX = "AWSInsightsIndexService."
BUDGETS_PREFIX = "AWSBudgetServiceGateway."
JSON_11 = "application/x-amz-json-1.1"
CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/")
VIEW_ONLY = ("DescribeBudget", "DescribeBudgets", "DescribeNotificationsForBudget",
             "DescribeSubscribersForNotification")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream: urllib.parse.SplitResult
    tags: dict[str, dict[str, str]] = {}
    lock = threading.Lock()

    def log_message(self, format: str, *args) -> None:
        pass

    def send_json(self, status: int, payload: dict, error_type: str | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", JSON_11)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "billing-standin")
        if error_type:
            self.send_header("x-amzn-ErrorType", error_type)
        self.end_headers()
        self.wfile.write(data)

    def denied(self, message: str) -> None:
        self.send_json(400, {"__type": "AccessDeniedException", "Message": message},
                       "AccessDeniedException")

    def do_GET(self) -> None:
        if self.path == "/__health":
            data = b"ok"
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        else:
            self.forward(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        target = self.headers.get("X-Amz-Target", "")
        found = CREDENTIAL.search(self.headers.get("Authorization", ""))
        key = found.group(1) if found else ""
        if target.startswith(CE_PREFIX):
            self.cost_explorer(target[len(CE_PREFIX):], key, json.loads(raw or b"{}"))
        elif target.startswith(BUDGETS_PREFIX) and key.startswith("NOBUDGETS"):
            operation = target[len(BUDGETS_PREFIX):]
            action = "budgets:ViewBudget" if operation in VIEW_ONLY else "budgets:ModifyBudget"
            self.denied(f"User: arn:aws:iam::123456789012:user/analyst is not authorized to "
                        f"perform: {action} on resource: arn:aws:budgets::123456789012:budget/*")
        else:
            self.forward(raw)

    def cost_explorer(self, operation: str, key: str, body: dict) -> None:
        if operation == "UpdateCostAllocationTagsStatus":
            if key.startswith("NOTAGS"):
                self.denied("Linked account doesn't have access to cost allocation tags.")
                return
            with self.lock:
                mine = self.tags.setdefault(key, {})
                for entry in body.get("CostAllocationTagsStatus", []):
                    mine[entry["TagKey"]] = entry["Status"]
            self.send_json(200, {"Errors": []})
        elif operation == "ListCostAllocationTags":
            wanted = set(body.get("TagKeys") or [])
            with self.lock:
                mine = dict(self.tags.get(key, {}))
            self.send_json(200, {"CostAllocationTags": [
                {"TagKey": k, "Type": "UserDefined", "Status": s}
                for k, s in sorted(mine.items()) if not wanted or k in wanted]})
        else:
            self.send_json(400, {"__type": "UnknownOperationException",
                                 "Message": f"{operation} is not in this stand-in"},
                           "UnknownOperationException")

    def forward(self, raw: bytes) -> None:
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=60)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("host", "connection", "content-length")}
        try:
            conn.request(self.command, self.path, body=raw, headers=headers)
            response = conn.getresponse()
            data = response.read()
            self.send_response(response.status)
            for k, v in response.getheaders():
                if k.lower() not in ("content-length", "transfer-encoding", "connection",
                                     "server", "date"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        finally:
            conn.close()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: billing_standin.py PORT MOTO_URL")
    port, upstream = int(sys.argv[1]), urllib.parse.urlsplit(sys.argv[2])
    if upstream.hostname not in ("127.0.0.1", "localhost"):
        sys.exit("billing_standin.py forwards only to a local moto")
    Handler.upstream = upstream
    server = Server(("127.0.0.1", port), Handler)
    sys.stderr.write(f"billing-standin on http://127.0.0.1:{port}, Budgets to {sys.argv[2]}\n")
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
