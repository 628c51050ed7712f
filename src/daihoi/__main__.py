from daihoi.cli import main

main()
