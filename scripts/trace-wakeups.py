#!/usr/bin/env python3
"""Where a Go program's goroutines wake, from a runtime trace.

    go tool trace -d=parsed TRACE > trace.txt
    scripts/trace-wakeups.py trace.txt [N]

Counts every goroutine unblock (Waiting -> Runnable) and groups it by where
that goroutine had last blocked: the reason and the first three frames
outside the runtime, the standard library's plumbing (sync, io, bufio, os,
net's poll descriptors) and internal packages. Prints the span of the trace
and the N (default 30) biggest groups, per minute. Goroutines the trace has
not seen block yet are counted under "?". The tracer's own CPU reader (a
"chan receive" with no frames of its own, about ten a second) and the
runtime/trace goroutines are in the list: take them out by hand.
(scripts/idle-one.sh takes the trace with TRACE=FILE.)
"""
import collections
import re
import sys

SKIP = ('runtime.', 'internal/', 'sync.', 'time.Sleep', 'net.(*pollDesc', 'net.(*netFD',
        'net.(*conn', 'bufio.', 'io.', 'os.')


def main():
    lines = open(sys.argv[1]).read().split('\n')
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    times = [int(t) for t in re.findall(r'Time=(\d+)', '\n'.join(lines))]
    span = (max(times) - min(times)) / 1e9 if times else 0
    blocked = {}
    wakes = collections.Counter()
    for i, line in enumerate(lines):
        m = re.search(r'GoID=(\d+) (\w+)->(\w+) Reason="([^"]*)"', line)
        if not m:
            continue
        g, a, b, reason = m.groups()
        if a == 'Waiting' and b == 'Runnable':
            wakes[blocked.get(g, '?')] += 1
        if b in ('Waiting', 'Syscall') and i + 1 < len(lines) and lines[i + 1].startswith('TransitionStack='):
            frames = []
            for f in lines[i + 2:]:
                if not f.startswith('\t'):
                    break
                f = f.strip()
                if '@' in f and not f.startswith(SKIP):
                    frames.append(f.split(' @')[0])
            blocked[g] = reason + ' | ' + ' < '.join(frames[:3])
    print(f'trace spans {span:.1f} s; goroutine wake-ups per minute by where they had blocked:')
    for where, n in wakes.most_common(top):
        print(f'{n / span * 60 if span else 0:8.1f}  {where}')


if __name__ == '__main__':
    main()
