ln -s "$CLASSMATE" helper.lua
ln -s /etc/passwd data.txt
ln -s / root
