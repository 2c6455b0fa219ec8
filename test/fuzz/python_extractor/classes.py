import threading
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class Box(Generic[T]):
    value: T
    lock: threading.Lock = threading.Lock()

    def get(self) -> T:
        with self.lock:
            return self.value

    @property
    def size(self):
        return len(self.value) if hasattr(self.value, "__len__") else 1

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


def recurse(n):
    if n <= 1:
        return 1
    return recurse(n - 1) + recurse(n // 2)


match Box(3):
    case Box(value=3) as b if b.size:
        print(f"{b!r:>{10}}")
    case _:
        pass

lambda_ = lambda *a, **k: (yield from a)
x = [y async for y in z] if (w := 3) else {k: v for k, v in {}.items()}
try:
    raise ExceptionGroup("e", [ValueError()])
except* ValueError as eg:
    del eg
global_ = b"\x00\xff" + rb"\d" + f"{'nested' + f'{1}'}"
