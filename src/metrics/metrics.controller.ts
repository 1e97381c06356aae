import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@warden/nest-auth';
import { MetricsService } from './metrics.service';

/** Fastify's reply and Express's response both have `header(name, value)`. */
interface ReplyLike {
  header(name: string, value: string): unknown;
}

@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @ApiOkResponse({ description: 'Prometheus text format', content: { 'text/plain': {} } })
  async scrape(@Res({ passthrough: true }) reply: ReplyLike): Promise<string> {
    const { contentType, body } = await this.metrics.render();
    reply.header('Content-Type', contentType);
    return body;
  }
}
