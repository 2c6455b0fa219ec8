"""CPU and I/O work for the profile tests: a pure loop, a sleep, a local socket wait."""
import socket
import sys
import threading
import time


def crunch(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def nap(seconds):
    time.sleep(seconds)


def wait_for_reply(delay):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def answer_later():
        conn, _ = server.accept()
        time.sleep(delay)
        conn.sendall(b"done")
        conn.close()

    helper = threading.Thread(target=answer_later)
    helper.start()
    client = socket.create_connection(server.getsockname())
    data = client.recv(16)
    client.close()
    helper.join()
    server.close()
    return data


def main():
    for _ in range(3):
        crunch(1_000_000)
    for _ in range(2):
        nap(0.2)
    for _ in range(2):
        wait_for_reply(0.2)
    print("work done")


if __name__ == "__main__":
    main()
