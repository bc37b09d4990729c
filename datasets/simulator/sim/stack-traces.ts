/**
 * Stack traces in the shape each runtime prints them, built from the
 * service's code namespace and the operation, so the same failure always
 * has the same frames (line numbers come from a hash of the names).
 */
import type { Language, OperationSpec, ServiceSpec } from '../topology/types.ts';
import { hashedInt } from './text-hash.ts';

/** `getOrder`-style handler name for an operation: the verb plus the last fixed path segment, or the gRPC method. */
export function handlerName(op: OperationSpec): string {
  if (op.method === '') {
    const m = op.route.split('/').pop() ?? op.name;
    return m.replace(/^process /, 'handle_').replace(/[^A-Za-z0-9_]/g, '_');
  }
  const verb: Record<string, string> = { GET: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
  const fixed = op.route.split('/').filter((s) => s !== '' && !s.startsWith('{') && !/^(api|v1)$/.test(s));
  const last = (fixed.pop() ?? 'root').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase());
  return `${verb[op.method] ?? 'handle'}${last.charAt(0).toUpperCase()}${last.slice(1)}`;
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== '')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

/** The innermost application frames, then the framework frames the runtime adds below them. */
export function stackTrace(svc: ServiceSpec, op: OperationSpec, headline: string, innermost?: string): string {
  const fn = handlerName(op);
  const line = (salt: string) => hashedInt(`${svc.name}/${op.name}/${salt}`, 40, 480);
  const short = pascal(svc.name.replace(/^ts-/, '').replace(/-?service$/, '')) || 'App';
  return FORMATS[svc.language]({ ns: svc.codeNamespace, short, fn, line, headline, innermost });
}

interface FrameParts {
  readonly ns: string;
  readonly short: string;
  readonly fn: string;
  readonly line: (salt: string) => number;
  readonly headline: string;
  readonly innermost: string | undefined;
}

const FORMATS: Record<Language, (p: FrameParts) => string> = {
  java: (p) =>
    [
      p.headline,
      ...(p.innermost ? [`\tat ${p.innermost}`] : []),
      `\tat ${p.ns}.service.${p.short}ServiceImpl.${p.fn}(${p.short}ServiceImpl.java:${p.line('impl')})`,
      `\tat ${p.ns}.controller.${p.short}Controller.${p.fn}(${p.short}Controller.java:${p.line('ctl')})`,
      '\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)',
      '\tat org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:205)',
      '\tat org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)',
      '\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)',
      '\tat org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:166)',
      '\tat org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:61)',
      '\tat java.base/java.lang.Thread.run(Thread.java:840)',
    ].join('\n'),
  go: (p) =>
    [
      p.headline,
      '',
      `goroutine ${p.line('g') * 37} [running]:`,
      ...(p.innermost ? [`${p.innermost}`, `\t/src/${p.innermost.split('.')[0] ?? 'main'}.go:${p.line('inner')} +0x1c4`] : []),
      `${p.ns}.(*server).${p.fn.charAt(0).toUpperCase()}${p.fn.slice(1)}(0xc0001a2000, {0x1d3c8a0, 0xc000418cf0})`,
      `\t/src/server.go:${p.line('srv')} +0x2f5`,
      'net/http.HandlerFunc.ServeHTTP(0xc000136a00?, {0x1d3b4f0?, 0xc0004222a0?}, 0x0?)',
      '\t/usr/local/go/src/net/http/server.go:2166 +0x29',
      'net/http.(*conn).serve(0xc0003be000, {0x1d3c8a0, 0xc000290cc0})',
      '\t/usr/local/go/src/net/http/server.go:2099 +0x5cd',
    ].join('\n'),
  node: (p) =>
    [
      p.headline,
      ...(p.innermost ? [`    at ${p.innermost}`] : []),
      `    at ${p.fn} (/usr/src/app/${p.ns}/server.js:${p.line('srv')}:${p.line('col') % 40})`,
      `    at ${p.short}Handler (/usr/src/app/${p.ns}/handlers.js:${p.line('h')}:${p.line('hc') % 30})`,
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\n'),
  python: (p) =>
    [
      'Traceback (most recent call last):',
      `  File "/usr/local/lib/python3.11/site-packages/grpc/_server.py", line 552, in _call_behavior`,
      '    response_or_iterator = behavior(argument, context)',
      `  File "/${p.ns}/${p.ns}.py", line ${p.line('srv')}, in ${p.fn}`,
      `    result = self._${p.fn}(request)`,
      ...(p.innermost ? [`  File "/${p.ns}/${p.innermost}.py", line ${p.line('inner')}, in ${p.innermost}`, '    raise'] : []),
      p.headline,
    ].join('\n'),
  dotnet: (p) =>
    [
      p.headline,
      ...(p.innermost ? [`   at ${p.innermost}`] : []),
      `   at ${p.ns}.Redis${p.short}Store.${pascal(p.fn)}Async(String userId) in /app/${p.ns.split('.').pop() ?? 'app'}/Redis${p.short}Store.cs:line ${p.line('store')}`,
      `   at ${p.ns.split('.')[0] ?? 'app'}.services.${p.short}Service.${pascal(p.fn)}(Request request, ServerCallContext context) in /app/services/${p.short}Service.cs:line ${p.line('svc')}`,
      '   at Grpc.Shared.Server.UnaryServerMethodInvoker`3.ResolvedInterceptorInvoker(TRequest resolvedRequest, ServerCallContext resolvedContext)',
    ].join('\n'),
  nginx: (p) => p.headline,
};
