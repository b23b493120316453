"""Service requests (诉求): filing, routing, states, deadlines, replies, rating."""
