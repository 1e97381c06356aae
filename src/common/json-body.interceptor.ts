import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { refusedBodyOf } from './json-body.parser';

/**
 * Throws the refusal the JSON body parser recorded (too deep, not UTF-8, not JSON, poisoned),
 * inside the route, so the controller's exception filter shapes the answer (RFC 6749 on
 * /oauth, Nest's everywhere else). Runs after the guards: an unauthenticated or throttled
 * request gets 401 or 429 first, as it would with a valid body.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<object>();
    const refusal = refusedBodyOf(request);
    if (refusal) throw refusal;
    return next.handle();
  }
}
