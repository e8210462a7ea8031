"""Static pickle analysis: a symbolic pickle machine (vm), the safe/dangerous global tables (policy)
and the bridge that turns a trace into findings (analyze)."""
