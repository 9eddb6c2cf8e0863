# phicode's Python REPL driver, run as the program of a `-c` run (the import hook active, so phi
# modules import). The phicode process reads the lines, converts each entry and sends it here
# over a Unix socket (argv[1]) as one JSON line {source, phi, name}; this side compiles it as
# the interactive interpreter does (codeop: None means the entry needs more lines), runs it in
# __main__ and answers {more}, {syntax: {line, offset, message}}, {done} or {exit}. Tracebacks
# show the phi lines: they are put in linecache under the entry's name. Keep it Python 3.8.


def _phicode_repl(path):
    import codeop
    import json
    import linecache
    import socket
    import sys
    import traceback

    del globals()['_phicode_repl']
    sys.argv = ['']
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(path)
    stream = connection.makefile('rwb')

    def reply(**message):
        stream.write(json.dumps(message).encode('utf-8') + b'\n')
        stream.flush()

    def unmark(report, seen):
        # The columns of an entry's frames are the converted code's: under a phi line their
        # carets would point beside the mark, so the line is shown without them.
        if report is None or id(report) in seen:
            return
        seen.add(id(report))
        for frame in report.stack:
            # Before 3.11 (PyPy 3.9, 3.10) frames have no columns and tracebacks no carets.
            if frame.filename.startswith('<\u03c6-input-') and hasattr(frame, 'colno'):
                frame.colno = frame.end_colno = None
        unmark(report.__cause__, seen)
        unmark(report.__context__, seen)

    namespace = sys.modules['__main__'].__dict__
    compiler = codeop.CommandCompiler()
    reply(ready=True)
    while True:
        try:
            line = stream.readline()
        except KeyboardInterrupt:
            continue
        if not line:
            return
        request = json.loads(line.decode('utf-8'))
        if request.get('quit'):
            return
        name = request['name']
        try:
            code = compiler(request['source'], name, 'single')
        except (SyntaxError, OverflowError, ValueError) as error:
            where = {'line': getattr(error, 'lineno', None) or 1, 'offset': getattr(error, 'offset', None) or 1}
            reply(syntax=dict(where, message='%s: %s' % (type(error).__name__, getattr(error, 'msg', None) or error)))
            continue
        if code is None:
            reply(more=True)
            continue
        phi = request['phi']
        linecache.cache[name] = (len(phi), None, [text + '\n' for text in phi.split('\n')], name)
        try:
            exec(code, namespace)
        except SystemExit as error:
            sys.stdout.flush()
            reply(exit=True)
            raise
        except BaseException:
            kind, value, trace = sys.exc_info()
            report = traceback.TracebackException(kind, value, trace.tb_next)
            unmark(report, set())
            sys.stderr.write(''.join(report.format()))
        sys.stdout.flush()
        sys.stderr.flush()
        reply(done=True)


_phicode_repl(__import__('sys').argv[1])
