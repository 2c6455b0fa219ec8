"""A program whose measured functions change the world: they write, append, rename and delete
files, send POST and DELETE requests and insert into sqlite. Two functions do not (crunch, peek):
the replay may repeat those. Each takes a few milliseconds, so that each is measured and
considered for replay. app.py DIR URL"""
import os
import sqlite3
import sys
import time
import urllib.request


def write_file(path, data):
    time.sleep(0.01)
    with open(path, "wb") as out:
        out.write(data)


def append_log(path, line):
    time.sleep(0.01)
    with open(path, "a") as log:
        print(line, file=log)


def touch_dynamic(path):
    time.sleep(0.01)
    f = open(path, "r+")
    getattr(f, "write")("!")
    f.close()


def move(src, dst):
    time.sleep(0.01)
    os.rename(src, dst)


def remove(path):
    time.sleep(0.01)
    os.remove(path)


def post(url):
    time.sleep(0.01)
    urllib.request.urlopen(urllib.request.Request(url, data=b"payload", method="POST")).read()


def delete(url):
    time.sleep(0.01)
    urllib.request.urlopen(urllib.request.Request(url, method="DELETE")).read()


def insert(db, value):
    time.sleep(0.01)
    con = sqlite3.connect(db)
    con.execute("INSERT INTO t VALUES (?)", (value,))
    con.commit()
    con.close()


def count_rows(db):
    con = sqlite3.connect(db)
    n = con.execute("SELECT count(*) FROM t").fetchone()[0]
    con.close()
    return n


def crunch(n):
    return sum(i * i % 7 for i in range(n))


def peek(path):
    time.sleep(0.01)
    with open(path, "rb") as f:
        return len(f.read())


def main():
    root, url = sys.argv[1], sys.argv[2]
    db = os.path.join(root, "data.db")
    for i in range(3):
        write_file(os.path.join(root, f"out{i}.bin"), bytes([i]) * 1000)
        append_log(os.path.join(root, "log.txt"), f"line {i}")
        insert(db, i)
        post(url)
        crunch(200_000)
        peek(os.path.join(root, f"out{i}.bin"))
        count_rows(db)
    touch_dynamic(os.path.join(root, "out0.bin"))
    move(os.path.join(root, "out1.bin"), os.path.join(root, "moved.bin"))
    remove(os.path.join(root, "out2.bin"))
    delete(url)


if __name__ == "__main__":
    main()
