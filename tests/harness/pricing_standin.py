#!/usr/bin/env python3
"""A local stand-in for the AWS Price List Query API (service "pricing"), for tests.

moto has no Pricing API, so this answers GetProducts (and, minimally, DescribeServices and
GetAttributeValues) over the real awsJson1_1 protocol from recorded-format product
documents: `pricing_standin.py PORT FIXTURE_DIR`, listening on 127.0.0.1:PORT only.
FIXTURE_DIR holds one JSON array of product documents per service code (AmazonEC2.json...,
see tests/fixtures/pricing/README.md). A client reaches it with
AWS_ENDPOINT_URL_PRICING=http://127.0.0.1:PORT and any credentials.

Behaviour, as AWS's:
  * POST / with X-Amz-Target: AWSPriceListService.GetProducts and a JSON body
    {"ServiceCode", "Filters": [{"Type", "Field", "Value"}], "FormatVersion", "NextToken",
    "MaxResults"}. Answer: {"FormatVersion": "aws_v1", "PriceList": [<JSON string>...],
    "NextToken"?}; each PriceList item is a product document encoded as a string.
  * TERM_MATCH compares Field with the product's attributes, its productFamily, its sku or
    its serviceCode ("ServiceCode"), field names and values both case-insensitively; a
    product without that attribute does not match. EQUALS (exact), CONTAINS, ANY_OF and
    NONE_OF (comma-separated values) are understood too.
  * Nothing matching (an unknown region, type or service code): an empty PriceList.
  * MaxResults 1..100 (default 100); more results come with an opaque NextToken.
  * Errors are HTTP 400 with {"__type": ..., "Message"/"message": ...} and x-amzn-ErrorType.

Failure modes, chosen by the caller's access key id (from the SigV4 Authorization header,
"Credential=AKID/..."), so parallel tests do not interfere:
  * AKID starting DENIED   -> 400 AccessDeniedException (pricing:GetProducts not allowed)
  * AKID starting THROTTLE -> 400 ThrottlingException "Rate exceeded" (SDKs retry it)
  * AKID starting SLOW     -> the answer comes after 3 seconds

Test hooks (GET): /__health -> "ok"; /__requests?key=AKID -> {"count": N}, the GetProducts
calls received from that key id (every attempt, failed ones included); /__requests with no
key -> counts for every key. POST /__reset clears the counts.

One line per request goes to stderr. Python 3 standard library only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

TARGET_PREFIX = "AWSPriceListService."
JSON_11 = "application/x-amz-json-1.1"
SLOW_SECONDS = 3.0
CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/")


class ApiError(Exception):
    """An error AWS would answer with: HTTP status, __type, message, and the message key."""

    def __init__(self, kind: str, message: str, status: int = 400, key: str = "Message",
                 namespace: str = "com.amazon.coral.service"):
        super().__init__(message)
        self.kind, self.message, self.status, self.key, self.namespace = kind, message, status, key, namespace


def denied(operation: str) -> ApiError:
    return ApiError("AccessDeniedException",
                    "User: arn:aws:iam::123456789012:user/test is not authorized to perform: "
                    f"pricing:{operation} because no identity-based policy allows the "
                    f"pricing:{operation} action")


def throttled() -> ApiError:
    return ApiError("ThrottlingException", "Rate exceeded", key="message",
                    namespace="com.amazon.coral.availability")


def invalid(message: str) -> ApiError:
    return ApiError("InvalidParameterException", message)


class Catalog:
    """Every product document, with its searchable fields lower-cased once."""

    def __init__(self, fixture_dir: Path):
        self.services: dict[str, list[tuple[dict[str, str], str]]] = {}
        self.attributes: dict[str, dict[str, set[str]]] = {}
        for path in sorted(fixture_dir.glob("*.json")):
            docs = json.loads(path.read_text())
            if not isinstance(docs, list):
                continue
            for doc in docs:
                code = doc.get("serviceCode") or path.stem
                product = doc["product"]
                fields = {k.lower(): str(v) for k, v in product.get("attributes", {}).items()}
                fields["productfamily"] = product.get("productFamily", "")
                fields["sku"] = product.get("sku", "")
                fields["servicecode"] = code
                # AWS answers with compact JSON strings.
                encoded = json.dumps(doc, separators=(",", ":"))
                self.services.setdefault(code, []).append((fields, encoded))
                names = self.attributes.setdefault(code, {})
                for name, value in product.get("attributes", {}).items():
                    names.setdefault(name, set()).add(str(value))
                names.setdefault("productFamily", set()).add(product.get("productFamily", ""))

    def find(self, service_code: str, filters: list[dict]) -> list[str]:
        wanted = [parse_filter(f) for f in filters]
        return [encoded for fields, encoded in self.services.get(service_code, [])
                if all(test(fields) for test in wanted)]


def parse_filter(f: object):
    if not isinstance(f, dict):
        raise invalid("Input Parameters are invalid. Filters must be a list of objects.")
    kind, field, value = f.get("Type"), f.get("Field"), f.get("Value")
    if not kind or not field or value is None:
        raise invalid("Input Parameters are invalid. Type, Field and Value are required in a Filter.")
    field, text = str(field).lower(), str(value)
    low = text.lower()
    kind = str(kind).upper()
    if kind == "TERM_MATCH":
        return lambda fields: field in fields and fields[field].lower() == low
    if kind == "EQUALS":
        return lambda fields: field in fields and fields[field] == text
    if kind == "CONTAINS":
        return lambda fields: field in fields and low in fields[field].lower()
    if kind in ("ANY_OF", "NONE_OF"):
        values = {v.strip().lower() for v in text.split(",")}
        if kind == "ANY_OF":
            return lambda fields: field in fields and fields[field].lower() in values
        return lambda fields: field not in fields or fields[field].lower() not in values
    raise invalid(f"Input Parameters are invalid. Unsupported filter type: {kind}")


def page_token(query_hash: str, offset: int) -> str:
    # Shaped like AWS's ("<base64>:<base64>"), opaque to the client.
    return f"{base64.b64encode(query_hash.encode()[:16]).decode()}:{base64.b64encode(str(offset).encode()).decode()}"


def read_token(token: str, query_hash: str) -> int:
    try:
        head, tail = token.split(":", 1)
        if base64.b64decode(head).decode() != query_hash[:16]:
            raise ValueError
        return int(base64.b64decode(tail).decode())
    except (ValueError, UnicodeDecodeError):
        raise ApiError("InvalidNextTokenException", "The pagination token is invalid. Try again without a pagination token.")


def max_results(body: dict) -> int:
    value = body.get("MaxResults", 100)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
        raise invalid("Input Parameters are invalid. MaxResults must be between 1 and 100.")
    return value


def paginate(items: list, body: dict, query: object) -> tuple[list, str | None]:
    query_hash = hashlib.sha256(json.dumps(query, sort_keys=True).encode()).hexdigest()
    start = read_token(body["NextToken"], query_hash) if body.get("NextToken") else 0
    size = max_results(body)
    page = items[start:start + size]
    more = start + size < len(items)
    return page, page_token(query_hash, start + size) if more else None


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_key: dict[str, dict[str, int]] = {}

    def add(self, key: str, operation: str) -> None:
        with self.lock:
            ops = self.by_key.setdefault(key, {})
            ops[operation] = ops.get(operation, 0) + 1

    def get(self, key: str | None) -> dict:
        with self.lock:
            if key is not None:
                ops = self.by_key.get(key, {})
                return {"count": ops.get("GetProducts", 0), "operations": dict(ops)}
            return {"keys": {k: dict(v) for k, v in self.by_key.items()}}

    def reset(self) -> None:
        with self.lock:
            self.by_key.clear()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "pricing-standin"
    catalog: Catalog
    counts: Counts

    # --- plumbing ---------------------------------------------------------------------
    def log_message(self, format: str, *args) -> None:  # the one line is ours
        pass

    def log_line(self, text: str) -> None:
        sys.stderr.write(f"{time.strftime('%H:%M:%S')} pricing-standin {text}\n")
        sys.stderr.flush()

    def read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send(self, status: int, body: bytes, content_type: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, status: int, payload: dict, extra: dict | None = None) -> None:
        self.send(status, json.dumps(payload).encode(), JSON_11, extra)

    def send_error_json(self, e: ApiError) -> None:
        self.send_json(e.status, {"__type": e.kind, e.key: e.message},
                       {"x-amzn-ErrorType": f"{e.kind}:http://internal.amazon.com/coral/{e.namespace}/"})

    # --- test hooks -------------------------------------------------------------------
    def do_GET(self) -> None:
        url = urlparse(self.path)
        if url.path == "/__health":
            status, body, kind = 200, b"ok", "text/plain"
        elif url.path == "/__requests":
            key = parse_qs(url.query).get("key", [None])[0]
            status, body, kind = 200, json.dumps(self.counts.get(key)).encode(), "application/json"
        else:
            status, body, kind = 404, b"not found", "text/plain"
        self.send(status, body, kind)
        self.log_line(f"GET {self.path} [{status}]")

    # --- the API ----------------------------------------------------------------------
    def do_POST(self) -> None:
        started = time.monotonic()
        raw = self.read_body()
        if urlparse(self.path).path == "/__reset":
            self.counts.reset()
            self.send(200, b"ok", "text/plain")
            self.log_line("POST /__reset -> 200")
            return
        target = self.headers.get("X-Amz-Target", "")
        operation = target[len(TARGET_PREFIX):] if target.startswith(TARGET_PREFIX) else target
        match = CREDENTIAL.search(self.headers.get("Authorization", ""))
        key = match.group(1) if match else ""
        self.counts.add(key, operation or "?")
        summary, status = "", 200
        try:
            summary, status = self.answer(operation, target, key, raw)
        finally:
            ms = (time.monotonic() - started) * 1000
            self.log_line(f"POST {operation or '-'} key={key or '-'} {summary} [{status}, {ms:.0f} ms]")

    def answer(self, operation: str, target: str, key: str, raw: bytes) -> tuple[str, int]:
        """Answer one API call; returns what to log and the HTTP status."""
        summary, status = "", 200
        try:
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                raise ApiError("SerializationException", "Start of structure or map found where not expected.", key="Message")
            if not isinstance(body, dict):
                raise ApiError("SerializationException", "Start of structure or map found where not expected.")
            summary = describe(body)
            if key.startswith("DENIED"):
                raise denied(operation or "GetProducts")
            if key.startswith("THROTTLE"):
                raise throttled()
            if key.startswith("SLOW"):
                time.sleep(SLOW_SECONDS)
            if operation == "GetProducts":
                payload, found = self.get_products(body)
                summary += f" -> {found} product(s), {len(payload['PriceList'])} in this page" + (
                    ", NextToken" if "NextToken" in payload else "")
            elif operation == "DescribeServices":
                payload = self.describe_services(body)
            elif operation == "GetAttributeValues":
                payload = self.get_attribute_values(body)
            else:
                raise ApiError("UnknownOperationException", f"Unknown operation {target!r}", key="message")
            self.send_json(200, payload)
        except ApiError as e:
            status = e.status
            summary += f" -> {e.kind}"
            self.send_error_json(e)
        return summary, status

    def get_products(self, body: dict) -> tuple[dict, int]:
        code = body.get("ServiceCode")
        if not code:
            raise invalid("Input Parameters are invalid. serviceCode cannot be null or empty")
        version = body.get("FormatVersion", "aws_v1")
        if version != "aws_v1":
            raise invalid(f"Input Parameters are invalid. Unsupported FormatVersion: {version}")
        filters = body.get("Filters") or []
        if not isinstance(filters, list):
            raise invalid("Input Parameters are invalid. Filters must be a list.")
        found = self.catalog.find(code, filters)
        page, token = paginate(found, body, {"s": code, "f": filters})
        payload = {"FormatVersion": "aws_v1", "PriceList": page}
        if token:
            payload["NextToken"] = token
        return payload, len(found)

    def describe_services(self, body: dict) -> dict:
        code = body.get("ServiceCode")
        codes = [code] if code else sorted(self.catalog.attributes)
        services = [{"ServiceCode": c, "AttributeNames": sorted(self.catalog.attributes.get(c, {}))}
                    for c in codes if c in self.catalog.attributes]
        page, token = paginate(services, body, {"d": code})
        payload = {"Services": page, "FormatVersion": "aws_v1"}
        if token:
            payload["NextToken"] = token
        return payload

    def get_attribute_values(self, body: dict) -> dict:
        code, name = body.get("ServiceCode"), body.get("AttributeName")
        if not code or not name:
            raise invalid("Input Parameters are invalid. ServiceCode and AttributeName are required.")
        names = {n.lower(): v for n, v in self.catalog.attributes.get(code, {}).items()}
        values = [{"Value": v} for v in sorted(names.get(str(name).lower(), set()))]
        page, token = paginate(values, body, {"a": code, "n": name})
        payload = {"AttributeValues": page}
        if token:
            payload["NextToken"] = token
        return payload


def describe(body: dict) -> str:
    filters = body.get("Filters") or []
    parts = []
    if isinstance(filters, list):
        for f in filters:
            if isinstance(f, dict):
                kind = "" if f.get("Type") == "TERM_MATCH" else f"{f.get('Type')}:"
                parts.append(f"{kind}{f.get('Field')}={f.get('Value')}")
    text = f"service={body.get('ServiceCode', '-')}"
    if parts:
        text += " " + ",".join(parts)
    if body.get("NextToken"):
        text += " (next page)"
    return text


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:
        # A client that gave up (a timeout while SLOW) is not worth a traceback.
        error = sys.exc_info()[1]
        sys.stderr.write(f"{time.strftime('%H:%M:%S')} pricing-standin connection from {client_address[0]} ended: {error!r}\n")


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: pricing_standin.py PORT FIXTURE_DIR")
    port, fixture_dir = int(sys.argv[1]), Path(sys.argv[2])
    Handler.catalog = Catalog(fixture_dir)
    Handler.counts = Counts()
    server = Server(("127.0.0.1", port), Handler)
    total = sum(len(v) for v in Handler.catalog.services.values())
    sys.stderr.write(f"pricing-standin: {total} products ({', '.join(sorted(Handler.catalog.services))}) "
                     f"on http://127.0.0.1:{port}\n")
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
