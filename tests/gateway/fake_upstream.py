"""A faithful fake of an OpenAI-compatible model server, for the gateway's tests and benchmarks.

Usage: python fake_upstream.py PORT   (binds 127.0.0.1; prints "ready" when listening)

Plain asyncio HTTP/1.1 with keep-alive, streamed answers as chunked server-sent events, the OpenAI response
shapes (``chat.completion``, ``chat.completion.chunk`` with ``stream_options.include_usage``, ``text_completion``,
embeddings, the model list, the error object). What it answers is scripted by the last user message:

- ``say:TEXT``: answer exactly TEXT (streamed in pieces of 3 characters, or N with model ``fake-chunk-N``)
- ``call:NAME:JSON``: answer with one tool call NAME(JSON) (streamed as the API streams argument fragments)
- ``refusal:TEXT``: answer with a refusal (``message.refusal``, streamed as ``delta.refusal`` pieces)
- ``sleep:SECONDS``: wait before answering (model ``fake-drip``: 50 ms between streamed pieces)
- ``status:CODE``: answer with that HTTP status and an OpenAI error object
- ``garbage``: answer 200 with bytes that are not JSON (streamed: events that are not JSON)
- ``cut``: streamed: stop after two chunks without finishing or [DONE], closing the connection
- ``message:JSON``: answer with exactly this message object (streamed: its fields as one delta, then finish)
- ``rev:TPIRCS``: the script above, reversed (so that the request itself does not carry the answer's text)
- anything else: "Hello from the fake upstream."

``GET /_last`` returns the last request the fake received (headers and JSON body), for assertions.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

DEFAULT = "Hello from the fake upstream."
MODELS = ["fake-model", "other-model", "fake-chunk-1", "fake-chunk-7", "fake-drip"]
_last: dict[str, Any] = {}
_tasks: set[asyncio.Future[None]] = set()


def _response(status: int, body: bytes, ctype: bytes = b"application/json") -> bytes:
    reason = {200: b"OK", 400: b"Bad Request", 404: b"Not Found"}.get(status, b"Status")
    return (b"HTTP/1.1 %d %s\r\ncontent-type: %s\r\ncontent-length: %d\r\nconnection: keep-alive\r\n\r\n"
            % (status, reason, ctype, len(body)) + body)


def _error(status: int, message: str) -> bytes:
    return _response(status, json.dumps({"error": {"message": message, "type": "invalid_request_error",
                                                    "param": None, "code": None}}).encode())


def _script(body: dict[str, Any]) -> str:
    messages = body.get("messages")
    if isinstance(messages, list):
        for message in reversed(messages):
            if isinstance(message, dict) and message.get("role") == "user":
                content = message.get("content")
                if isinstance(content, list):
                    content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
                return content if isinstance(content, str) else ""
        return ""
    prompt = body.get("prompt")
    return prompt if isinstance(prompt, str) else ""


def _usage(body: dict[str, Any], reply: str) -> dict[str, int]:
    prompt = max(1, len(json.dumps(body.get("messages", body.get("prompt", "")))) // 4)
    completion = max(1, len(reply) // 4)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


class Server(asyncio.Protocol):
    def connection_made(self, transport: Any) -> None:
        self.transport = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = self.buffer[:end].split(b"\r\n")
            method, path, _ = lines[0].split(b" ", 2)
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                headers[name.strip().lower().decode()] = value.strip().decode("latin-1")
            length = int(headers.get("content-length", "0"))
            if len(self.buffer) < end + 4 + length:
                return
            body = self.buffer[end + 4:end + 4 + length]
            self.buffer = self.buffer[end + 4 + length:]
            task = asyncio.ensure_future(self.answer(method, path.split(b"?")[0], headers, body))
            _tasks.add(task)
            task.add_done_callback(_tasks.discard)

    async def answer(self, method: bytes, path: bytes, headers: dict[str, str], raw: bytes) -> None:
        write = self.transport.write
        if method == b"GET" and path == b"/_last":
            write(_response(200, json.dumps(_last).encode()))
            return
        if method == b"GET" and path == b"/v1/models":
            write(_response(200, json.dumps({"object": "list", "data": [
                {"id": m, "object": "model", "created": 1700000000, "owned_by": "fake"} for m in MODELS]}).encode()))
            return
        if method != b"POST":
            write(_error(404, "not found"))
            return
        try:
            body = json.loads(raw)
        except ValueError:
            write(_error(400, "body is not JSON"))
            return
        _last.clear()
        _last.update({"path": path.decode(), "headers": headers, "body": body})
        script = _script(body)
        if script.startswith("rev:"):
            script = script[4:][::-1]
        if script.startswith("sleep:"):
            await asyncio.sleep(float(script[6:].split()[0]))
        if script.startswith("status:"):
            code = int(script[7:10])
            write(_error(code, f"scripted status {code}"))
            return
        if path == b"/v1/embeddings":
            items = body.get("input")
            count = len(items) if isinstance(items, list) else 1
            write(_response(200, json.dumps({"object": "list", "model": body.get("model"), "data": [
                {"object": "embedding", "index": i, "embedding": [0.1, 0.2, 0.3]} for i in range(count)],
                "usage": {"prompt_tokens": 3, "total_tokens": 3}}).encode()))
            return
        chat = path == b"/v1/chat/completions"
        if path not in (b"/v1/chat/completions", b"/v1/completions"):
            write(_error(404, "not found"))
            return
        if script == "garbage":
            if body.get("stream"):
                write(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
                write(_chunked(b"data: {not json\n\n") + b"0\r\n\r\n")
            else:
                write(_response(200, b"<html>not json"))
            return
        if script.startswith("message:"):
            message = json.loads(script[8:])
            if body.get("stream"):
                write(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
                for finish, delta in ((None, message), ("stop", {})):
                    event = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1700000000,
                             "model": body.get("model"), "choices": [{"index": 0, "delta": delta, "logprobs": None,
                                                                      "finish_reason": finish}]}
                    write(_chunked(b"data: " + json.dumps(event).encode() + b"\n\n"))
                write(_chunked(b"data: [DONE]\n\n") + b"0\r\n\r\n")
            else:
                write(_response(200, json.dumps({
                    "id": "chatcmpl-fake", "object": "chat.completion", "created": 1700000000,
                    "model": body.get("model"), "choices": [{"index": 0, "message": message, "logprobs": None,
                                                             "finish_reason": "stop"}]}).encode()))
            return
        call = None
        if script.startswith("call:"):
            name, _, arguments = script[5:].partition(":")
            call = {"id": "call_1", "type": "function", "function": {"name": name, "arguments": arguments}}
        refusal = script[8:] if script.startswith("refusal:") else None
        reply = script[4:] if script.startswith("say:") else "" if call or refusal else DEFAULT
        usage = _usage(body, reply)
        if body.get("stream"):
            model = str(body.get("model"))
            size = int(model.rsplit("-", 1)[1]) if model.startswith("fake-chunk-") else 3
            await self.stream(chat, body, reply, call, usage, size, script == "cut", refusal)
            return
        if chat:
            message: dict[str, Any] = {"role": "assistant", "content": reply or None}
            if refusal is not None:
                message["refusal"] = refusal
            if call:
                message["tool_calls"] = [call]
            choice = {"index": 0, "message": message, "logprobs": _logprobs(body, reply),
                      "finish_reason": "tool_calls" if call else "stop"}
            answer = {"id": "chatcmpl-fake", "object": "chat.completion", "created": 1700000000,
                      "model": body.get("model"), "system_fingerprint": "fp_fake", "choices": [choice], "usage": usage}
        else:
            answer = {"id": "cmpl-fake", "object": "text_completion", "created": 1700000000, "model": body.get("model"),
                      "choices": [{"index": 0, "text": reply, "logprobs": None, "finish_reason": "stop"}],
                      "usage": usage}
        write(_response(200, json.dumps(answer).encode()))

    async def stream(self, chat: bool, body: dict[str, Any], reply: str, call: dict[str, Any] | None,
                     usage: dict[str, int], size: int, cut: bool, refusal: str | None = None) -> None:
        write = self.transport.write
        write(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n"
              b"transfer-encoding: chunked\r\nconnection: keep-alive\r\n\r\n")
        base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk" if chat else "text_completion",
                "created": 1700000000, "model": body.get("model"), "system_fingerprint": "fp_fake"}

        def event(choice: dict[str, Any] | None, **extra: Any) -> bytes:
            data = {**base, "choices": [choice] if choice else [], **extra}
            return _chunked(b"data: " + json.dumps(data).encode() + b"\n\n")

        def piece(text: str | None = None, finish: str | None = None, **delta: Any) -> dict[str, Any]:
            if chat:
                return {"index": 0, "delta": ({"content": text} if text is not None else {}) | delta,
                        "logprobs": None, "finish_reason": finish}
            return {"index": 0, "text": text or "", "logprobs": None, "finish_reason": finish}

        if chat:
            write(event(piece(role="assistant", text="")))
        pieces = [reply[i:i + size] for i in range(0, len(reply), size)]
        for number, text in enumerate(pieces):
            logprobs = {"content": [{"token": text, "logprob": -0.5, "top_logprobs": []}]} if body.get("logprobs") \
                else None
            choice = piece(text)
            choice["logprobs"] = logprobs
            write(event(choice))
            if cut and number == 1:
                self.transport.close()
                return
            await asyncio.sleep(0.05 if body.get("model") == "fake-drip" else 0)
        if refusal is not None and chat:
            for i in range(0, len(refusal), size):
                write(event({"index": 0, "delta": {"refusal": refusal[i:i + size]}, "logprobs": None,
                             "finish_reason": None}))
        if call and chat:
            args = call["function"]["arguments"]
            write(event(piece(tool_calls=[{"index": 0, "id": call["id"], "type": "function",
                                           "function": {"name": call["function"]["name"], "arguments": ""}}])))
            for i in range(0, len(args), 5):
                write(event(piece(tool_calls=[{"index": 0, "function": {"arguments": args[i:i + 5]}}])))
        write(event(piece(finish="tool_calls" if call else "stop")))
        options = body.get("stream_options")
        if isinstance(options, dict) and options.get("include_usage"):
            write(event(None, usage=usage))
        write(_chunked(b"data: [DONE]\n\n") + b"0\r\n\r\n")


def _chunked(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def _logprobs(body: dict[str, Any], reply: str) -> Any:
    if not body.get("logprobs"):
        return None
    return {"content": [{"token": reply[:4], "logprob": -0.123456, "bytes": [72],
                         "top_logprobs": [{"token": "x", "logprob": -1.23456, "bytes": [120]}]}]}


def main() -> None:
    port = int(sys.argv[1])
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(Server, "127.0.0.1", port, backlog=1024))
    print("ready", flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
