"""预约 in the console: the station's day and week, booking for someone who phoned or walked in,
check-in by the person's code, 已完成 / 爽约 / cancelling, closing a slot or a day, the printed day
list and the spreadsheet (desk, days, book, checkin, actions, export); setting up services and
schedules (setup), station events (events), and the dashboard's appointment figures."""
