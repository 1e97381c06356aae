import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { MetricsService } from './metrics.service';

interface RoutedRequest {
  method?: string;
  /** Fastify: the route pattern. */
  routeOptions?: { url?: string };
  /** Express: the matched route. */
  route?: { path?: string };
}

/** HTTP latency by route pattern (never the raw URL: ids in paths would explode the series). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<RoutedRequest>();
    const stop = this.metrics.httpDuration.startTimer({
      method: request.method ?? 'GET',
      route: request.routeOptions?.url ?? request.route?.path ?? 'unmatched',
    });
    const statusOf = (): string => {
      const response = http.getResponse<{ statusCode?: number }>();
      return String(response.statusCode ?? 0);
    };
    return next.handle().pipe(
      tap({
        next: () => stop({ status: statusOf() }),
        error: (error: { status?: unknown }) =>
          stop({ status: typeof error.status === 'number' ? String(error.status) : 'error' }),
      }),
    );
  }
}
