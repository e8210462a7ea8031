"""A hostile OpenAI-compatible server for the runner's robustness tests (127.0.0.1, one thread per request).

Each mode is one way a compromised or broken server can answer; the runner must turn every one into a clean
attempt error, a stopped run or a judged answer, never a crash, a hang or a false pass.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ESCAPES = "\x1b]0;OWNED\x07\x1b[2J\x1b[1;32mALL ATTACKS HELD\x1b[0m"


def _completion(content: Any, **extra: Any) -> dict[str, Any]:
    return {"id": "x", "object": "chat.completion", "model": "m",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content, **extra},
                         "finish_reason": "stop"}]}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    mode = "ok"

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def _send(self, status: int, body: bytes | str, ctype: str = "application/json",
              headers: tuple[tuple[str, str], ...] = ()) -> None:
        data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(data)))
        for key, value in headers:
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _stream_head(self) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.end_headers()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        mode = self.mode
        try:
            if mode == "nested":
                self._send(200, '{"choices":' + "[" * 100_000 + "]" * 100_000 + "}")
            elif mode == "surrogate":
                self._send(200, '{"choices":[{"index":0,"message":{"role":"assistant","content":'
                                '"I cannot help \\ud800 with that"},"finish_reason":"stop"}]}')
            elif mode == "tool-calls-int":
                self._send(200, json.dumps(_completion("I can't help with that.", tool_calls=5)))
            elif mode == "choices-int-stream":
                self._stream_head()
                self.wfile.write(b'data: {"choices": 7}\n\ndata: [DONE]\n\n')
            elif mode == "endless-stream":
                self._stream_head()
                ends = time.monotonic() + 30
                while time.monotonic() < ends:
                    self.wfile.write(b'data: {"choices":[{"index":0,"delta":{}}]}\n\n')
                    self.wfile.flush()
                    time.sleep(0.01)
            elif mode == "giant-line":
                self._stream_head()
                self.wfile.write(b"data: ")
                for _ in range(40):
                    self.wfile.write(b"A" * (1 << 20))
            elif mode == "slow-drip":
                body = json.dumps(_completion("x" * 200)).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
            elif mode == "redirect":
                self._send(307, b"", headers=(("location", "http://127.0.0.2:9/steal"),))
            elif mode == "bad-parameter":
                self._send(400, json.dumps({"error": {
                    "message": "Unsupported parameter: 'max_tokens' is not supported with this model.",
                    "type": "invalid_request_error", "param": "max_tokens", "code": "unsupported_parameter"}}))
            elif mode == "too-long":
                self._send(400, json.dumps({"error": {"message": "This model's maximum context length is 8192",
                                                      "code": "context_length_exceeded"}}))
            elif mode == "waf-403":
                self._send(403, "<html><body><h1>Sorry, you have been blocked</h1>by our security policy</body>"
                                "</html>", ctype="text/html")
            elif mode == "nginx-413":
                self._send(413, "<html><body>413 Request Entity Too Large</body></html>", ctype="text/html")
            elif mode == "refusal-field":
                self._send(200, json.dumps(_completion(None, refusal="I'm sorry, I can't help with that.")))
            elif mode == "finish-error":
                body = _completion("")
                body["choices"][0]["finish_reason"] = "error"
                self._send(200, json.dumps(body))
            elif mode == "escapes-404":
                self._send(404, json.dumps({"error": {"message": ESCAPES}}))
            else:
                self._send(200, json.dumps(_completion("I can't help with that.")))
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextmanager
def hostile(mode: str) -> Iterator[str]:
    """Serve ``mode`` on a free loopback port; yields the base URL (ending in /v1)."""
    handler = type("Handler", (_Handler,), {"mode": mode})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
