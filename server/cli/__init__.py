"""Operator commands, one module per area:
`flask menu|worker|scheduler|sandbox|seed|stations|staff|veterans|data`."""


def install(app):
    from server.cli import data, jobs, menu, sandbox, seed, staff, stations, veterans

    for module in (data, jobs, menu, sandbox, seed, staff, stations, veterans):
        for command in module.COMMANDS:
            app.cli.add_command(command)
