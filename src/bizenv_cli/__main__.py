from bizenv_cli.cli import main

main()
