#!/bin/sh
# A tiny "service" the example tasks check and test.
greet() { echo "hello, $1"; }
greet "${1:-world}"
