import inspect
def crunch(n, scale=2, *, fast=False):
    total = 0
    for i in range(n):
        total += i * i * scale
    return total
def main():
    print("signature", inspect.signature(crunch))
    print(crunch(200000))
if __name__ == "__main__":
    main()
