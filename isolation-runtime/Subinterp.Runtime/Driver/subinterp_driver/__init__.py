"""Python side of Subinterp: runs one test module inside a fresh subinterpreter
and reports what happens as newline-delimited JSON events (see
Protocol/PROTOCOL.md). Entry point: subinterp_driver.main.run(args_json)."""
