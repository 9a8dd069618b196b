raise KeyboardInterrupt("raised while the module is imported")
