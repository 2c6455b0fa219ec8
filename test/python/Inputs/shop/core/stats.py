def rolling_checksum(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1_000_003
    return total
