#!/usr/bin/env python3
"""Sorts ThreadSanitizer reports into Qt hand-offs and the rest; exits 1 if any report is of the rest.

    tests/tsan_triage.py REPORT_FILE...      (the files TSAN_OPTIONS=log_path=... wrote)

Why: Debian's Qt is not built with ThreadSanitizer. QThreadPool's queue and QFutureInterface's results
are guarded by mutexes inside libQt6Core, where TSan cannot see them, so every object handed to a
worker by QtConcurrent::run, and every result handed back through a QFuture, looks raced. A report
counts as such a hand-off when each of its two accesses is one of:
  - inside Qt's task or future templates (QtConcurrent::run, StoredFunctionCall, RunFunctionTaskBase,
    the task resolvers, QFutureInterface, ResultStoreBase, QFuture, QPromise, QFutureWatcher);
  - the construction of the object (a constructor or make_shared at the top of the stack), which
    happened before the object was handed over.
Anything else - two accesses from our own code with no Qt task or future between them - is a race to
fix. A report whose earlier stack TSan could no longer restore (its history is bounded even at
history_size=7) cannot be sorted: it is listed for a person to read, without failing the run.
"""
import re
import sys

MACHINERY = re.compile(r'QtConcurrent::run<|StoredFunctionCall|RunFunctionTaskBase|TaskResolver|'
                       r'QFutureInterface|ResultStoreBase|QFuture<|QPromise<|QFutureWatcher<')
CONSTRUCTION = re.compile(r'make_shared|_Sp_counted_base\(\)|_Sp_counted_ptr_inplace|::__atomic_base\(|'
                          r'std::_Construct<|allocator_traits<.*>::construct<|operator new')
ACCESS = re.compile(r'^  (Previous )?(atomic )?(read|write)', re.IGNORECASE)


def reports(text):
    for chunk in text.split('WARNING: ThreadSanitizer:')[1:]:
        yield chunk.split('SUMMARY:')[0]


def accesses(report):
    """The stacks (lists of frame texts) of the report's racing accesses; None for a lost stack."""
    out = []
    for block in re.split(r'\n(?=  \S)', report):
        if not ACCESS.match(block):
            continue
        lines = block.split('\n')[1:]
        if any('failed to restore the stack' in line for line in lines):
            out.append(None)
            continue
        out.append([re.sub(r'^\s*#\d+ ', '', line) for line in lines if re.match(r'\s+#\d+ ', line)])
    return out


def handed_over(stack):
    if stack is None:
        return False
    if any(MACHINERY.search(frame) for frame in stack):
        return True
    return any(CONSTRUCTION.search(frame) for frame in stack[:8])


def classify(report):
    title = report.strip().split('\n')[0]
    if not title.startswith('data race'):
        return 'not a data race'
    stacks = accesses(report)
    if len(stacks) < 2:
        return 'unreadable'
    if any(s is None for s in stacks[:2]):
        return 'stack lost'
    if all(handed_over(s) for s in stacks[:2]):
        return 'Qt hand-off'
    return 'race'


def main(paths):
    if not paths:
        print(__doc__.strip())
        return 2
    counts = {}
    listed = []
    for path in paths:
        with open(path, errors='replace') as f:
            for report in reports(f.read()):
                kind = classify(report)
                counts[kind] = counts.get(kind, 0) + 1
                if kind != 'Qt hand-off':
                    listed.append((path, kind, report))
    for path, kind, report in listed:
        print(f'==== {kind}: {path}')
        print('\n'.join(line[:220] for line in report.strip().split('\n')
                        if not re.match(r'\s+#(\d{2,})', line)))
    summary = ', '.join(f'{n} {kind}' for kind, n in sorted(counts.items())) or 'no reports'
    print(f'ThreadSanitizer triage: {summary}')
    return 1 if any(kind not in ('Qt hand-off', 'stack lost') for _, kind, _ in listed) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
