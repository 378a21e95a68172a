mkfifo data.txt
