#!/bin/sh
set -e
out=$(sh ./app.sh tester)
[ "$out" = "hello, tester" ] && echo "1 test passed"
