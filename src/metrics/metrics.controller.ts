import { Controller, Get, Header, HttpStatus, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponse } from '../common/api-error.decorator';
import { METRICS_TOKEN_AUTH } from '../openapi/security-schemes';
import { Public } from '@warden/nest-auth';
import { MetricsTokenGuard } from './metrics-token.guard';
import { MetricsService } from './metrics.service';

/** Fastify's reply and Express's response both have `header(name, value)`. */
interface ReplyLike {
  header(name: string, value: string): unknown;
}

@ApiTags('operations')
// No access token: Prometheus scrapers hold none. METRICS_TOKEN, when set, is checked instead.
@Public()
@UseGuards(MetricsTokenGuard)
// METRICS_TOKEN when it is set; nothing when it is not.
@ApiBearerAuth(METRICS_TOKEN_AUTH)
@ApiSecurity({})
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @ApiOkResponse({ description: 'Prometheus text format', content: { 'text/plain': {} } })
  @ApiErrorResponse(
    HttpStatus.UNAUTHORIZED,
    'METRICS_TOKEN is set and the request lacks it (`ERR_METRICS_TOKEN_MISSING`) or sends ' +
      'another (`ERR_METRICS_TOKEN_INVALID`)',
    {
      code: 'ERR_METRICS_TOKEN_MISSING',
      message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>',
    },
  )
  async scrape(@Res({ passthrough: true }) reply: ReplyLike): Promise<string> {
    const { contentType, body } = await this.metrics.render();
    reply.header('Content-Type', contentType);
    return body;
  }
}
