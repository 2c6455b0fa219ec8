from concurrent.futures import ThreadPoolExecutor


def crunch(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def main():
    with ThreadPoolExecutor() as pool:
        return list(pool.map(crunch, [10**7] * 4))
