import _interpreters, time
def crunch(n):
    t = 0
    for i in range(n):
        t += i * i
    return t
for _ in range(2):
    i = _interpreters.create()
    _interpreters.exec(i, "x = sum(range(1000))")
    _interpreters.destroy(i)
print(crunch(300000))
