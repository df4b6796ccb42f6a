from tmkit.cli import main

main()
