"""Calls the demo extension's GIL-holding and GIL-releasing blur (examples/newsroom/native)."""
import thumbs

IMAGE = bytes(range(256)) * 512  # 128 KiB


def run():
    held = [thumbs.blur(IMAGE, 8) for _ in range(3)]
    released = [thumbs.blur_released(IMAGE, 8) for _ in range(3)]
    return len(held) + len(released)


if __name__ == "__main__":
    print(run())
