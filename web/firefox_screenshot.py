#!/usr/bin/env python3
"""Takes a screenshot of the page open in a running Firefox, through its Marionette remote protocol.

    python3 web/firefox_screenshot.py --profile DIR --out PAGE.png [--when-page-shows TEXT]
                                      [--element SELECTOR PART.png] [--timeout S]

Firefox must have been started with --marionette and the profile DIR whose user.js sets
user_pref("marionette.port", 0): Firefox then listens on a free port of 127.0.0.1 and writes its number to
DIR/MarionetteActivePort. The screenshot is of the whole document of the tab Firefox shows (what the browser
composited, WebGPU canvases included), at device pixels, as an 8-bit RGBA PNG.
--when-page-shows: first wait until the document's text contains TEXT (e.g. a line a program prints).
--element: also write the part of the screenshot that the first element matching SELECTOR covers, as
PART.png; the element must lie on whole device pixels (else its pixels would not be its own).
Exit status: 0 when written, 1 otherwise (Firefox not reached, a refusal, the text never shown within
--timeout, no such element).

The protocol: every message is its byte length in decimal, a colon, and that many bytes of JSON. On
connecting, the server sends {"applicationType": "gecko", "marionetteProtocol": 3}. A command is
[0, id, name, parameters]; its response is [1, id, error (null, or {error, message, stacktrace}), result].
Standard library only; the PNG is cropped with compare_png's reader and writer.
"""

import argparse
import base64
import json
import os
import socket
import sys
import time

from compare_png import read_png, write_png


class MarionetteError(Exception):
    pass


class Marionette:
    def __init__(self, port, timeout):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""
        self.next_id = 1
        hello = self.receive()
        if not isinstance(hello, dict) or hello.get("marionetteProtocol") != 3:
            raise MarionetteError("not a Marionette server of protocol 3: %r" % (hello,))

    def receive(self):
        while b":" not in self.buffer:
            self.read_more()
        length, self.buffer = self.buffer.split(b":", 1)
        length = int(length)
        while len(self.buffer) < length:
            self.read_more()
        message, self.buffer = self.buffer[:length], self.buffer[length:]
        return json.loads(message)

    def read_more(self):
        data = self.sock.recv(1 << 16)
        if not data:
            raise MarionetteError("Firefox closed the connection")
        self.buffer += data

    def command(self, name, parameters):
        message_id, self.next_id = self.next_id, self.next_id + 1
        body = json.dumps([0, message_id, name, parameters]).encode()
        self.sock.sendall(b"%d:" % len(body) + body)
        # Responses carry the id of their command; the server sends nothing else unasked.
        while True:
            kind, reply_id, error, result = self.receive()
            if kind == 1 and reply_id == message_id:
                break
        if error:
            raise MarionetteError("%s: %s: %s" % (name, error.get("error"), error.get("message")))
        return result

    def close(self):
        self.sock.close()


def port_of(profile, timeout):
    """The port Firefox wrote into the profile; it writes it once its server listens."""
    path = os.path.join(profile, "MarionetteActivePort")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(path) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            time.sleep(0.2)
    raise MarionetteError("no %s after %gs: was Firefox started with --marionette and marionette.port 0?"
                          % (path, timeout))


# The element's rectangle in the document, in device pixels.
ELEMENT_RECT_SCRIPT = """
const element = document.querySelector(arguments[0]);
if (!element) return null;
const r = element.getBoundingClientRect(), scale = window.devicePixelRatio;
return [(r.left + window.scrollX) * scale, (r.top + window.scrollY) * scale, r.width * scale, r.height * scale];
"""


def wait_for_text(marionette, text, timeout):
    deadline = time.monotonic() + timeout
    while not marionette.command("WebDriver:ExecuteScript", {
            "script": "return document.body.textContent.includes(arguments[0]);", "args": [text]})["value"]:
        if time.monotonic() > deadline:
            raise MarionetteError("the page did not show '%s' within %gs" % (text, timeout))
        time.sleep(0.2)


def element_rect(marionette, selector):
    rect = marionette.command("WebDriver:ExecuteScript", {"script": ELEMENT_RECT_SCRIPT, "args": [selector]})["value"]
    if rect is None:
        raise MarionetteError("no element matches '%s'" % selector)
    if any(v != int(v) for v in rect):
        raise MarionetteError("'%s' is not on whole device pixels: %s" % (selector, rect))
    return [int(v) for v in rect]


def crop(png, rect, path):
    width, height, rgba = read_png(png)
    x, y, w, h = rect
    if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > width or y + h > height:
        raise ValueError("the rectangle %d,%d,%d,%d is not inside the %dx%d screenshot" % (x, y, w, h, width, height))
    rows = [rgba[(row * width + x) * 4:(row * width + x + w) * 4] for row in range(y, y + h)]
    write_png(path, w, h, b"".join(rows))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", required=True, help="the profile folder Firefox runs with")
    parser.add_argument("--out", required=True, help="where the screenshot goes (PNG)")
    parser.add_argument("--when-page-shows", metavar="TEXT", help="first wait until the page's text contains TEXT")
    parser.add_argument("--element", nargs=2, metavar=("SELECTOR", "PART.png"),
                        help="also write the part of the screenshot this element covers")
    parser.add_argument("--timeout", type=float, default=60,
                        help="seconds to wait for Firefox, and for the text (each)")
    opts = parser.parse_args()

    rect = None
    try:
        marionette = Marionette(port_of(opts.profile, opts.timeout), opts.timeout)
        try:
            marionette.command("WebDriver:NewSession", {})
            if opts.when_page_shows:
                wait_for_text(marionette, opts.when_page_shows, opts.timeout)
            if opts.element:
                rect = element_rect(marionette, opts.element[0])
            # full: the whole document, not only the part the window shows.
            png = base64.b64decode(marionette.command("WebDriver:TakeScreenshot", {"full": True})["value"])
            marionette.command("WebDriver:DeleteSession", {})
        finally:
            marionette.close()
        with open(opts.out, "wb") as f:
            f.write(png)
        if rect:
            crop(opts.out, rect, opts.element[1])
    except (OSError, MarionetteError, KeyError, TypeError, ValueError) as e:
        print("firefox_screenshot: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
