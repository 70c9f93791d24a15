PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all install

# The release program, its Swift libraries linked in.
all:
	swift build -c release --static-swift-stdlib --product cabildo

# make install PREFIX=/usr/local [DESTDIR=…] [BINARY=a cabildo already built]
install:
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" BINARY="$(BINARY)" Scripts/install.sh
