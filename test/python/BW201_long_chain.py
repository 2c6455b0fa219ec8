# RUN: %boundwise check --select BW201 --exit-zero %s | %FileCheck %s --implicit-check-not="[BW" --implicit-check-not="note:"
# RUN: %boundwise check --select BW201 --exit-zero --format json %s | %FileCheck %s --check-prefix=JSON

# A coroutine 20 helper calls above a `time.sleep`: the finding stays (a blocking call blocks
# however deep), and its evidence keeps the first steps and the last ones, with one step that
# says how many it left out.

import time


async def handler():
    return helper1()
# CHECK: BW201_long_chain.py:[[@LINE-1]]:12: warning: `helper1` blocks on io:sleep (via `time.sleep`) inside `async def handler` and stalls the event loop [BW201]
# CHECK-NEXT: BW201_long_chain.py:[[@LINE-2]]:12: note: calls helper1 ({{.*}}BW201_long_chain.py:[[#HELPER1:]])
# CHECK-NEXT: BW201_long_chain.py:[[#HELPER1+1]]:12: note: calls helper2 ({{.*}}BW201_long_chain.py:[[#HELPER1+3]])
# CHECK-NEXT: note: calls helper3
# CHECK-NEXT: note: calls helper4
# CHECK-NEXT: note: calls helper5
# CHECK-NEXT: note: calls helper6
# CHECK-NEXT: note: calls helper7
# CHECK-NEXT: BW201_long_chain.py:[[#HELPER1+19]]:12: note: calls helper8 ({{.*}}BW201_long_chain.py:[[#HELPER1+21]])
# CHECK-NEXT: BW201_long_chain.py:[[#HELPER1+22]]:12: note: ... 10 more steps left out (the first: calls helper9 ({{.*}}BW201_long_chain.py:[[#HELPER1+24]]))
# CHECK-NEXT: BW201_long_chain.py:[[#HELPER1+52]]:12: note: calls helper19 ({{.*}}BW201_long_chain.py:[[#HELPER1+54]])
# CHECK-NEXT: BW201_long_chain.py:[[#HELPER1+55]]:12: note: calls helper20 ({{.*}}BW201_long_chain.py:[[#HELPER1+57]])
# CHECK-NEXT: BW201_long_chain.py:[[#HELPER1+58]]:5: note: time.sleep: io:sleep (rule rules/python/time.yaml:{{[0-9]+}})
# CHECK: Found 1 finding (0 errors, 1 warning, 0 info) in 1 file.

# JSON: "findings": [
# JSON: "code": "BW201",
# JSON: "line": [[@LINE-18]],
# JSON: "evidence": [
# JSON: "message": "calls helper8 ({{.*}}BW201_long_chain.py:{{[0-9]+}})"
# JSON: "line": {{[0-9]+}},
# JSON-NEXT: "message": "... 10 more steps left out (the first: calls helper9 ({{.*}}BW201_long_chain.py:{{[0-9]+}}))"
# JSON: "message": "calls helper19
# JSON: "message": "time.sleep: io:sleep


def helper1():
    return helper2()

def helper2():
    return helper3()

def helper3():
    return helper4()

def helper4():
    return helper5()

def helper5():
    return helper6()

def helper6():
    return helper7()

def helper7():
    return helper8()

def helper8():
    return helper9()

def helper9():
    return helper10()

def helper10():
    return helper11()

def helper11():
    return helper12()

def helper12():
    return helper13()

def helper13():
    return helper14()

def helper14():
    return helper15()

def helper15():
    return helper16()

def helper16():
    return helper17()

def helper17():
    return helper18()

def helper18():
    return helper19()

def helper19():
    return helper20()

def helper20():
    time.sleep(0.1)

